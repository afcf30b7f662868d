package io.anonkit.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** The settings of a {@code java -jar} node in the tests' usual place: in front of a stand-in, on a shared database. */
public final class KitEnvironment {
    private KitEnvironment() {}

    /**
     * A node in the open access profile in front of {@code qlik}, sharing {@code database}, with {@code more} settings
     * as name, value pairs.
     */
    public static Map<String, String> openClusterNode(QlikStandIn qlik, PostgresServer database, String... more) {
        if (more.length % 2 != 0) {
            throw new IllegalArgumentException("settings come as name, value pairs");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("ANONKIT_UPSTREAM", qlik.virtualProxy().toString());
        environment.put("ANONKIT_ACCESS_PROFILE", "open");
        environment.put("ANONKIT_DATABASE_URL", database.jdbcUrl());
        environment.put("ANONKIT_DATABASE_USER", PostgresServer.USER);
        for (int i = 0; i < more.length; i += 2) {
            environment.put(more[i], more[i + 1]);
        }
        return Map.copyOf(environment);
    }
}
