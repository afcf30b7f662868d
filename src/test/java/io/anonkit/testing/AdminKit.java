package io.anonkit.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code java -jar} in front of a fresh Qlik stand-in, with a known admin password and a client for the admin API. */
public final class AdminKit implements AutoCloseable {
    private final QlikStandIn qlik;
    private final KitProcess kit;
    private final AdminClient admin;

    private AdminKit(QlikStandIn qlik, KitProcess kit, AdminClient admin) {
        this.qlik = qlik;
        this.kit = kit;
        this.admin = admin;
    }

    /** Starts the stand-in and the kit with its home in {@code home}, {@code password} and more settings. */
    public static AdminKit start(Path home, String password, Map<String, String> settings) throws Exception {
        QlikStandIn qlik = QlikStandIn.start();
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("ANONKIT_UPSTREAM", qlik.virtualProxy().toString());
        environment.put("ANONKIT_ADMIN_PASSWORD", password);
        try {
            KitProcess kit = KitProcess.start(home, environment);
            return new AdminKit(qlik, kit, new AdminClient(kit.baseUri(), "admin", password));
        } catch (Exception | AssertionError e) {
            qlik.close();
            throw e;
        }
    }

    /** The stand-in. */
    public QlikStandIn qlik() {
        return qlik;
    }

    /** The kit's process. */
    public KitProcess kit() {
        return kit;
    }

    /** A client logged in as the admin. */
    public AdminClient admin() {
        return admin;
    }

    @Override
    public void close() throws Exception {
        try {
            kit.close();
        } finally {
            qlik.close();
        }
    }
}
