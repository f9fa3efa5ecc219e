package level1;

/**
 * An element of the grader's traffic, tagged with who put it: producer id, its sequence number
 * in that producer's puts, and which attempt of that put it was (a put that threw
 * InterruptedException is retried with a fresh element, attempt + 1).
 */
final class Item {
    final int producer;
    final int seq;
    final int attempt;

    Item(int producer, int seq, int attempt) {
        this.producer = producer;
        this.seq = seq;
        this.attempt = attempt;
    }

    /** {@code producer-1#17}: producer-1's element number 17 (its 18th put). */
    String name() {
        return "producer-" + producer + "#" + seq;
    }

    @Override
    public String toString() {
        return attempt == 0 ? name() : name() + " (attempt " + (attempt + 1) + ")";
    }

    /** How the grader names whatever a queue returned. */
    static String describe(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Item || o instanceof Token) {
            return o.toString();
        }
        return "an object the grader never put (" + o.getClass().getName() + ")";
    }

    /** A named element for the small deterministic scenarios ("e0", "x1"). */
    static final class Token {
        final String name;

        Token(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
