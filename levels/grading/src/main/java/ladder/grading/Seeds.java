package ladder.grading;

/** Derives each scenario's and trial's seed from the check's seed, so any trial can be named and re-run. */
final class Seeds {
    private Seeds() {}

    static long forScenario(long checkSeed, String scenarioId) {
        return mix(checkSeed ^ (scenarioId.hashCode() * 0x9E3779B97F4A7C15L));
    }

    static long forTrial(long scenarioSeed, int trial) {
        return mix(scenarioSeed + trial * 0xBF58476D1CE4E5B9L);
    }

    /** SplitMix64's finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
