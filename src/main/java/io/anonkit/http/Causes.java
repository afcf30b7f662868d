package io.anonkit.http;

import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** Reads a failure's chain of causes: the one walk every part of the kit uses, safe against a cause that is itself. */
public final class Causes {
    /** Longest chain walked; a longer one is cut rather than followed into a cycle. */
    private static final int MAX_DEPTH = 64;

    private Causes() {}

    /** The first of {@code failure} and its causes that is a {@code type}. */
    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return Optional.empty();
    }

    /** The last cause in {@code failure}'s chain, or {@code failure} itself. */
    public static Throwable root(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; depth < MAX_DEPTH && root.getCause() != null && root.getCause() != root; depth++) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * Whether {@code failure} or one of its causes is a timeout ({@link TimeoutException}, {@link SocketTimeoutException}):
     * the rule by which every answer to a failed exchange with Qlik tells 504 from 502.
     */
    public static boolean isTimeout(Throwable failure) {
        return find(failure, TimeoutException.class).isPresent()
                || find(failure, SocketTimeoutException.class).isPresent();
    }
}
