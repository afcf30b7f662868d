package io.anonkit.tunnel;

/**
 * Reads what crosses a tunnel, one whole text message at a time: the visitor's messages are judged before they go on,
 * the engine's are read as they are relayed. Without an inspector ({@link #NONE}) frames are relayed as they come,
 * fragments and binary included.
 */
public interface MessageInspector {
    /** No inspection: every frame crosses as it is. */
    MessageInspector NONE = new MessageInspector() {
        @Override
        public boolean inspects() {
            return false;
        }

        @Override
        public Decision visitorMessage(String text) {
            return new Decision.Forward(text);
        }

        @Override
        public void engineMessage(String text) {}

        @Override
        public void engineMessageSkimmed(java.util.OptionalLong id, java.util.List<Integer> closed) {}

        @Override
        public Decision visitorBinary() {
            return new Decision.Close(1003, "binary messages are not inspected");
        }

        @Override
        public int maxMessage() {
            return Integer.MAX_VALUE;
        }
    };

    /** What to do with one visitor message. */
    sealed interface Decision permits Decision.Forward, Decision.Answer, Decision.Close {
        /** Send {@code text} to the engine in place of the visitor's message. */
        record Forward(String text) implements Decision {}

        /** Send nothing to the engine; answer the visitor with {@code text} on the same tunnel. */
        record Answer(String text) implements Decision {}

        /** Close both sides, the visitor's with {@code code}. */
        record Close(int code, String reason) implements Decision {}
    }

    /** Whether messages are inspected; when not, frames are relayed as they come. */
    boolean inspects();

    /** The decision for one whole text message of the visitor. */
    Decision visitorMessage(String text);

    /** The decision for a binary message of the visitor, when messages are inspected. */
    Decision visitorBinary();

    /** Reads one whole text message of the engine, which is relayed untouched whatever this does. */
    void engineMessage(String text);

    /**
     * Reads what could be read of an engine message too long to be gathered whole: its top-level {@code id} and the
     * handles of its top-level {@code close} list.
     */
    void engineMessageSkimmed(java.util.OptionalLong id, java.util.List<Integer> closed);

    /** The longest visitor message, in characters; a longer one closes the tunnel with 1009. */
    int maxMessage();
}
