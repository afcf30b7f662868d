package io.anonkit.tunnel;

/** What happens to engine tunnels, for metrics. Implementations are called on relay threads and must not block. */
public interface TunnelEvents {
    /** Which way a frame crossed. */
    enum Direction {
        /** From the visitor to Qlik. */
        TO_QLIK,
        /** From Qlik to the visitor. */
        TO_VISITOR
    }

    /** Both sides of a tunnel are open. */
    default void opened() {}

    /** A data frame of {@code bytes} payload bytes crossed. */
    default void frame(Direction direction, int bytes) {}

    /** An open tunnel ended with {@code code}, the close code of the side that ended first (or the kit's). */
    default void closed(int code) {}
}
