package io.anonkit.acceptance;

import java.net.URI;
import java.util.Optional;

/**
 * A running server with the kit deployed, as the acceptance suite sees it.
 *
 * @param kit the kit's base URL, ending in '/' (for example {@code http://127.0.0.1:8080/kit/})
 * @param userId the identity the server's settings give the kit
 * @param admin a user the server's realm puts in role {@code anonkit-admin}
 * @param viewer a user the realm knows without that role, where the realm can have one
 */
record ServerLeg(URI kit, String userId, Credentials admin, Optional<Credentials> viewer) {

    /** A user name and password. */
    record Credentials(String user, String password) {}

    /** The kit's context path, ending in '/'. */
    String contextPath() {
        return kit.getPath();
    }
}
