package io.anonkit.settings;

/**
 * What happens to a request header whose name has a character other than a letter, a digit or {@code -}, such as
 * {@code X_Custom} or {@code X.Custom}. Browsers never send such names; some back ends read them as aliases.
 */
public enum UnusualHeaderNames implements Choice {
    /** Do not forward the header (nginx's default). */
    DROP,
    /** Refuse the request with 400. */
    REJECT
}
