package io.anonkit.proxy;

import io.anonkit.http.Refusal;

/** Thrown while an exchange is resolved: the request gets {@link #refusal()} and nothing goes upstream. */
final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Refusal refusal;

    RefusedException(Refusal refusal) {
        super(refusal.message(), null, false, false);
        this.refusal = refusal;
    }

    /** The answer the client gets. */
    Refusal refusal() {
        return refusal;
    }
}
