package io.anonkit.settings;

/** Who shares a Qlik engine session, and so its selections, through the {@code identity} of the engine URL. */
public enum SelectionScope {
    /** Every visitor shares one engine session per app: one visitor's selections show for all. */
    SHARED,
    /** Each visitor (kept in the HTTP session) has an engine session of their own. */
    VISITOR,
    /** Each page view has an engine session of its own. */
    VIEW
}
