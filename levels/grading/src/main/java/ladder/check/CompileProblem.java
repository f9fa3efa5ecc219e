package ladder.check;

/** A compiler error in the learner's sources: {@code file:line: message}. */
public record CompileProblem(String file, long line, long column, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
