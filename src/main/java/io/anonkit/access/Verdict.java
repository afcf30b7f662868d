package io.anonkit.access;

import io.anonkit.http.Refusal;
import io.anonkit.http.RefusalReason;
import java.util.Optional;

/** The access policy's answer for one request: allowed, perhaps with a rewritten target, or refused. */
public sealed interface Verdict permits Verdict.Allowed, Verdict.Refused {
    /**
     * The request may go to Qlik.
     *
     * @param path  the path to send instead of the visitor's, below the virtual proxy prefix; empty keeps the visitor's
     * @param query the query to send instead of the visitor's; empty keeps the visitor's
     * @param app   for an engine WebSocket, the app it opens
     * @param sharedEngineSession for an engine WebSocket, whether it opens the app's shared engine session (no
     *                            {@code identity} of the visitor's own), which no visitor may change unless the site
     *                            lets visitors select together
     */
    record Allowed(Optional<String> path, Optional<String> query, Optional<String> app, boolean sharedEngineSession)
            implements Verdict {
        /** Allowed as the visitor sent it. */
        static final Allowed AS_SENT = new Allowed(Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    /**
     * The request is not for visitors.
     *
     * @param reason  why
     * @param refusal what the visitor is told
     * @param pattern a short, bounded pattern of what was asked, for the count and the log, such as {@code /qrs/app/**}
     */
    record Refused(RefusalReason reason, Refusal refusal, String pattern) implements Verdict {}

    /** Refused with {@code refusal}, one of {@link io.anonkit.http.Refusals}, counted under its reason. */
    static Refused refused(Refusal refusal, String pattern) {
        return new Refused(refusal.countedAs().orElseThrow(), refusal, pattern);
    }
}
