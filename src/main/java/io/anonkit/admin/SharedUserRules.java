package io.anonkit.admin;

import io.anonkit.admin.QmcChecklist.Item;
import io.anonkit.settings.IdentityMode;
import io.anonkit.settings.Settings;
import java.util.List;

/**
 * The Qlik-side hardening of the shared identity, for the QMC checklist. To Qlik the kit's user is an ordinary
 * logged-in user, and Qlik's default security rules give such a user a lot: read access to every stream of the
 * Everyone group, app creation, data connections, exports. The kit refuses all of that at its door; these rules take it
 * away in Qlik too, so a mistake on one side does not open it.
 */
final class SharedUserRules {
    private SharedUserRules() {}

    /** The checklist items for {@code settings}; none in the {@code none} mode, where Qlik's anonymous users apply. */
    static List<Item> of(Settings settings) {
        if (settings.identityMode() == IdentityMode.NONE) {
            return List.of(
                    new Item(
                            "Security rules for anonymous users",
                            "Qlik's anonymous users (user.IsAnonymous())",
                            "restrict them as below, with user.IsAnonymous() as the condition"),
                    analyticConnections(settings));
        }
        String user = condition(settings);
        String apps = settings.allowedApps().isEmpty()
                ? "(no allowed apps yet)"
                : "\"" + String.join("\", \"", settings.allowedApps()) + "\"";
        return List.of(
                new Item(
                        "Security rule: streams",
                        "Read on Stream_* only where resource is a stream that holds the" + " embedded apps, for "
                                + user,
                        "the default Stream rule lets every user of the Everyone group"
                                + " read every stream; exclude the shared user from it"),
                new Item(
                        "Security rule: apps",
                        "Read on App_* only where resource.id is one of " + apps + ", for " + user,
                        "the kit opens only these apps' engines; the rule keeps Qlik from listing or opening others"),
                new Item(
                        "Security rule: load scripts",
                        "no access to App.Object_* where resource.objectType =" + " \"app_appscript\", for " + user,
                        "a stream rule without this exclusion gives every reader"
                                + " the load scripts, connection strings included"),
                new Item(
                        "Security rule: app creation",
                        "exclude " + user + " from the CreateApp and" + " CreateAppObjectsPublishedApp rules",
                        "the default rules let every user create apps and" + " sheets"),
                new Item(
                        "Security rule: data connections",
                        "no Read, Create or Update on DataConnection_* for " + user,
                        "data connections hold credentials and reach the company's databases"),
                new Item(
                        "Security rule: exports",
                        "no Export and ExportData on App.Object_* for " + user,
                        "visitors view and select; they do not download the data"),
                new Item(
                        "Security rule: other resources",
                        "no access to the hub, the QMC, ODAG links, content"
                                + " libraries the pages do not use, or other users' objects, for " + user,
                        "the kit refuses these paths; the rules are the second line"),
                analyticConnections(settings));
    }

    /** Analytic connections: what the engine lets any user call, and what the kit lets visitors call. */
    static Item analyticConnections(Settings settings) {
        List<String> allowed = settings.engine().allowedAnalyticConnections();
        return new Item(
                "Analytic connections",
                allowed.isEmpty()
                        ? "none needed: the kit refuses visitors' calls of every" + " analytic connection"
                        : "keep " + String.join(", ", allowed) + "; the kit refuses visitors' calls of" + " any other",
                "the engine lets every user call a linked server-side extension (R, Python) from chart"
                        + " expressions, and its ScriptEval functions run the code they are given on the plugin's host; the"
                        + " kit also refuses system functions that reveal the server (OSUser, ComputerName, DocumentPath)");
    }

    /** The security-rule condition that names the shared user, or users with an identity pool. */
    static String condition(Settings settings) {
        String userId = settings.sessions().userIdCount() == 1
                ? "user.userId = \"" + settings.userId() + "\""
                : "user.userId like \"" + settings.userId() + "*\"";
        return "user.userDirectory = \"" + settings.userDirectory() + "\" and " + userId;
    }
}
