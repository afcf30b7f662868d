package io.anonkit.acceptance;

import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The acceptance suite against {@code java -jar qlik-anon-kit.war} (embedded Jetty 12), settings as environment variables. */
class StandaloneAcceptanceIT extends AcceptanceSuite {
    private static final String PASSWORD = "standalone-admin-pw";
    private KitProcess kit;

    @Override
    ServerLeg start(QlikStandIn qlik) throws Exception {
        Path home = Files.createTempDirectory("anonkit-standalone-acceptance");
        kit = KitProcess.startOn(
                java(),
                home,
                Map.of(
                        "ANONKIT_UPSTREAM",
                        qlik.virtualProxy().toString(),
                        "ANONKIT_USER_ID",
                        "standalone-visitor",
                        "ANONKIT_ADMIN_PASSWORD",
                        PASSWORD,
                        "ANONKIT_ALLOWED_APPS",
                        AcceptanceSuite.APP));
        return new ServerLeg(
                kit.baseUri(), "standalone-visitor", new ServerLeg.Credentials("admin", PASSWORD), Optional.empty());
    }

    /** The running kit's process. */
    KitProcess kit() {
        return kit;
    }

    /** The {@code java} command that runs the kit: the test JDK's. */
    Path java() {
        return KitProcess.testJava();
    }

    @Override
    void stop() throws Exception {
        if (kit != null) {
            kit.close();
        }
    }
}
