package ladder.course;

/**
 * An API a level's code may not use, and why.
 *
 * @param api what is forbidden, in JVM internal names: a package ({@code java/util/concurrent/locks/}),
 *            a class ({@code java/util/concurrent/Semaphore}), a method ({@code java/lang/Object#wait}),
 *            or the word {@code synchronized} (methods and blocks)
 * @param why the level's intent, told to the learner ("Level 0 asks you to build the lock from CAS
 *            and Futex")
 */
public record ForbiddenApi(String api, String why) {

    public boolean isMethod() {
        return api.contains("#");
    }

    public boolean isPackage() {
        return api.endsWith("/");
    }

    /** The API in Java's dotted spelling, for messages. */
    public String display() {
        if (api.equals("synchronized")) {
            return "synchronized";
        }
        return api.replace('/', '.').replace('#', '.') + (isMethod() ? "()" : isPackage() ? "*" : "");
    }
}
