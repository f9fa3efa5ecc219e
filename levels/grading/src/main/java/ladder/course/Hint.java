package ladder.course;

/** One hint; a level's hints are listed from the gentlest nudge to the most specific. */
public record Hint(String text) {}
