package io.anonkit.acceptance;

import io.anonkit.testing.FileTree;
import io.anonkit.testing.JettyHome;
import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.ServerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The acceptance suite against the WAR in the Jetty 12 distribution ({@code jetty-home} from Maven Central, unpacked
 * by the build), started with its own {@code start.jar} on a copy of {@code deploy/jetty-base}: the base's modules and
 * realm, the context file's parameters, and the upstream as an {@code ANONKIT_*} environment variable.
 */
@EnabledIfSystemProperty(named = "jetty.home.dir", matches = ".+")
class JettyHomeAcceptanceIT extends AcceptanceSuite {
    private ServerProcess jetty;

    @Override
    ServerLeg start(QlikStandIn qlik) throws Exception {
        Path base = Files.createTempDirectory("anonkit-jetty-base");
        FileTree.copy(Path.of("deploy", "jetty-base"), base);
        Files.copy(KitProcess.war(), base.resolve("webapps").resolve("qlik-anon-kit.war"));
        Files.writeString(
                base.resolve("etc").resolve("qlik-anon-kit-realm.properties"),
                "jetty-admin: jetty-admin-pw, anonkit-admin\njetty-viewer: jetty-viewer-pw, viewer\n");
        JettyHome.Started started = JettyHome.start(
                base,
                Map.of(
                        "ANONKIT_UPSTREAM",
                        qlik.virtualProxy().toString(),
                        "ANONKIT_ALLOWED_APPS",
                        AcceptanceSuite.APP,
                        "ANONKIT_HOME",
                        Files.createTempDirectory("anonkit-jetty-home").toString()));
        jetty = started.server();
        return new ServerLeg(
                URI.create("http://127.0.0.1:" + started.port() + "/kit/"),
                "public-visitor",
                new ServerLeg.Credentials("jetty-admin", "jetty-admin-pw"),
                Optional.of(new ServerLeg.Credentials("jetty-viewer", "jetty-viewer-pw")));
    }

    @Override
    void stop() throws Exception {
        if (jetty != null) {
            jetty.close();
        }
    }
}
