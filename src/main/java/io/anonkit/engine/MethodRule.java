package io.anonkit.engine;

/** What the engine firewall does with one (object type, method) pair, in the {@code embed} and {@code classic} profiles. */
enum MethodRule {
    /** Viewing: reading objects, layouts, data and properties, and session objects. Allowed in both profiles. */
    VIEW(true, "view"),
    /** Selecting: changes what the engine session's charts show. Refused in a shared engine session unless allowed. */
    SELECT(true, "select"),
    /**
     * Other changes of the engine session's state that every visitor of a shared engine session would see: expanding
     * and collapsing pivot tables, list-object searches, fetch limits, clearing soft patches, aborting a modal state,
     * removing session states and variables. Refused in a shared engine session unless selections are allowed there.
     */
    SESSION_STATE(true, "change the engine session's state"),
    /** Opening the tunnel's own app, once: {@code OpenDoc} with the app id of the WebSocket URL, no user or password. */
    OPEN_OWN_APP(true, "open the tunnel's app"),
    /** Changes of an object the visitor created in this tunnel (a session object); refused on the app's own objects. */
    SESSION_OBJECT(true, "change a session object"),
    /**
     * Soft patches ({@code qSoftPatch} true) that live only in the engine session; refused as persistent changes, and in a
     * shared engine session unless selections are allowed there.
     */
    SOFT_PATCH(true, "soft patch"),
    /** Applying a bookmark the site lists in {@code anonkit.allowed.bookmarks}. */
    LISTED_BOOKMARK(true, "apply a listed bookmark"),
    /** What the Sense client of the classic UIs reads in addition; refused in {@code embed}. */
    CLASSIC(false, "Sense client"),
    /** Reading or changing the load script. */
    SCRIPT(false, "load script"),
    /** Reloading data. */
    RELOAD(false, "reload"),
    /** Saving or publishing the app or its objects. */
    SAVE(false, "save"),
    /** Exporting or storing data. */
    EXPORT(false, "export"),
    /** The data model: table data, samples, lineage, keys. */
    DATA_MODEL(false, "data model"),
    /** Data connections, files, folders and databases of the server. */
    CONNECTION(false, "data connections"),
    /** Other apps: the document list, creating, copying, importing, deleting, publishing, session apps. */
    APPS(false, "apps"),
    /** Changing the app: persistent objects, dimensions, measures, bookmarks, variables, properties, states. */
    AUTHORING(false, "authoring"),
    /** The server's configuration, products, functions and interactive dialogs. */
    SERVER(false, "server"),
    /** Requests that carry other requests ({@code BulkRequest}), which the firewall could not judge one by one. */
    INDIRECT(false, "indirect request"),
    /** Methods of QlikView's legacy object types, which no qlik-embed UI uses. */
    LEGACY(false, "legacy object");

    private final boolean allowed;
    private final String text;

    MethodRule(boolean allowed, String text) {
        this.allowed = allowed;
        this.text = text;
    }

    /** Whether the method may cross in {@code embed} (under the rule's condition); {@code classic} also allows CLASSIC. */
    boolean allowedInEmbed() {
        return allowed;
    }

    /** The rule for people, such as {@code load script}. */
    String text() {
        return text;
    }
}
