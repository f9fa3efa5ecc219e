package ladder.app.progress;

/**
 * One look at a level's reference solution.
 *
 * @param level      {@code level0} …
 * @param at         ISO-8601 instant
 * @param instructor whether it was revealed in instructor mode (before the level was passed)
 */
public record Reveal(String level, String at, boolean instructor) {}
