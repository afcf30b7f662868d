package io.anonkit.identity;

/** What the gateway does with one client request header. */
public enum HeaderVerdict {
    /** Forward it unchanged. */
    FORWARD(false, false),
    /** Strip it: it spells the configured identity header. A spoof attempt. */
    STRIP_IDENTITY(true, true),
    /** Strip it: a Qlik identity or proxy header. A spoof attempt. */
    STRIP_QLIK_RESERVED(true, true),
    /** Strip it: a forwarding or override header the kit sets itself. */
    STRIP_FORWARDING(true, false),
    /** Strip it: credentials that anonymous visitors do not pass to Qlik. */
    STRIP_CREDENTIALS(true, false),
    /** Its name has characters other than letters, digits and '-': dropped or refused per settings. */
    UNUSUAL_NAME(true, false);

    private final boolean stripped;
    private final boolean spoofAttempt;

    HeaderVerdict(boolean stripped, boolean spoofAttempt) {
        this.stripped = stripped;
        this.spoofAttempt = spoofAttempt;
    }

    /** Whether the header is kept from the upstream. */
    public boolean stripped() {
        return stripped;
    }

    /** Whether sending the header is an attempt to claim an identity, worth counting and logging. */
    public boolean spoofAttempt() {
        return spoofAttempt;
    }
}
