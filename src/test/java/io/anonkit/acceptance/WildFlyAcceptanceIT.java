package io.anonkit.acceptance;

import io.anonkit.testing.FileTree;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.ServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The acceptance suite against {@code qlik-anon-kit-ee.war} in WildFly ({@code wildfly-dist} from Maven Central,
 * unpacked by the {@code wildfly} profile), following {@code deploy/wildfly/README.md}: the stock
 * {@code standalone.xml}, users added with {@code add-user.sh} in group {@code anonkit-admin}, the WAR dropped into
 * {@code deployments/}, settings as {@code -Danonkit.*} system properties. WildFly's own Weld and Mojarra serve the kit.
 */
@EnabledIfSystemProperty(named = "wildfly.home.dir", matches = ".+")
class WildFlyAcceptanceIT extends AcceptanceSuite {
    private static final Pattern BOOTED = Pattern.compile("WFLYSRV002[56]: WildFly");
    private ServerProcess wildfly;

    @Override
    ServerLeg start(QlikStandIn qlik) throws Exception {
        Path home = Path.of(System.getProperty("wildfly.home.dir"));
        Path base = Files.createTempDirectory("anonkit-wildfly-base");
        FileTree.copy(home.resolve("standalone"), base);
        Files.copy(
                Path.of(System.getProperty("kit.ee.war")),
                base.resolve("deployments").resolve("kit.war"));
        Map<String, String> environment = Map.of("JBOSS_HOME", home.toString());
        for (List<String> user : List.of(
                List.of("wildfly-admin", "wildfly-admin-pw", "anonkit-admin"),
                List.of("wildfly-viewer", "wildfly-viewer-pw", "viewer"))) {
            ServerProcess.run(
                    List.of(
                            "sh",
                            home.resolve("bin/add-user.sh").toString(),
                            "-a",
                            "-u",
                            user.get(0),
                            "-p",
                            user.get(1),
                            "-g",
                            user.get(2),
                            "-sc",
                            base.resolve("configuration").toString()),
                    base,
                    environment,
                    120);
        }
        int http = freePort();
        wildfly = ServerProcess.start(
                List.of(
                        "sh",
                        home.resolve("bin/standalone.sh").toString(),
                        "-Djboss.server.base.dir=" + base,
                        "-Djboss.http.port=" + http,
                        "-Djboss.https.port=" + freePort(),
                        "-Djboss.management.http.port=" + freePort(),
                        "-Djboss.management.https.port=" + freePort(),
                        "-Danonkit.upstream=" + qlik.virtualProxy(),
                        "-Danonkit.user.id=wildfly-visitor",
                        "-Danonkit.allowed.apps=" + AcceptanceSuite.APP,
                        "-Danonkit.home=" + Files.createTempDirectory("anonkit-wildfly-home")),
                base,
                Map.of("JBOSS_HOME", home.toString(), "JAVA_OPTS", "-Xmx512m -Djava.net.preferIPv4Stack=true"),
                BOOTED,
                240);
        if (!wildfly.output().contains("WFLYSRV0025") || !wildfly.output().contains("Deployed \"kit.war\"")) {
            throw new AssertionError("WildFly started with errors:\n" + wildfly.output());
        }
        return new ServerLeg(
                URI.create("http://127.0.0.1:" + http + "/kit/"),
                "wildfly-visitor",
                new ServerLeg.Credentials("wildfly-admin", "wildfly-admin-pw"),
                Optional.of(new ServerLeg.Credentials("wildfly-viewer", "wildfly-viewer-pw")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    void stop() throws Exception {
        if (wildfly != null) {
            wildfly.close();
        }
    }
}
