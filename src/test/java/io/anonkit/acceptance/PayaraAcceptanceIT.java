package io.anonkit.acceptance;

import io.anonkit.testing.FileTree;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.ServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The acceptance suite against {@code qlik-anon-kit-ee.war} in Payara Server 6 ({@code fish.payara.distributions:payara}
 * from Maven Central, unpacked by the {@code payara} profile), following {@code deploy/payara/README.md}: a copy of the
 * stock {@code domain1} on ports of its own, users of the {@code file} realm in group {@code anonkit-admin}, the WAR
 * deployed with {@code asadmin deploy}, settings as {@code ANONKIT_*} environment variables of the server. Payara's own
 * Weld and Mojarra serve the kit.
 */
@EnabledIfSystemProperty(named = "payara.home.dir", matches = ".+")
class PayaraAcceptanceIT extends AcceptanceSuite {
    /** Payara's last start-up line: "Payara Server 6.2025.9 #badassfish (build ...) startup time : ...". */
    private static final Pattern BOOTED = Pattern.compile("Payara Server .* startup time");
    /** The stock domain's ports, each moved to a free one. */
    private static final List<String> PORTS = List.of("8080", "8181", "4848", "8686", "3700", "3820", "3920", "7676");

    private ServerProcess payara;
    private URI kit;
    private QlikStandIn standIn;
    private Path home;
    private Path domains;
    private int adminPort;
    private Map<String, String> environment;

    @Override
    ServerLeg start(QlikStandIn qlik) throws Exception {
        standIn = qlik;
        home = Path.of(System.getProperty("payara.home.dir"));
        domains = Files.createTempDirectory("anonkit-payara-domains");
        FileTree.copy(home.resolve("glassfish/domains/domain1"), domains.resolve("domain1"));
        Path domainXml = domains.resolve("domain1/config/domain.xml");
        String config = Files.readString(domainXml, StandardCharsets.UTF_8);
        Map<String, Integer> moved = new HashMap<>();
        for (String port : PORTS) {
            int free = freePort();
            moved.put(port, free);
            config = config.replace("port=\"" + port + "\"", "port=\"" + free + "\"")
                    .replace("value=\"" + port + "\"", "value=\"" + free + "\"");
        }
        Files.writeString(domainXml, config, StandardCharsets.UTF_8);
        adminPort = moved.get("4848");
        environment = Map.of(
                "AS_JAVA", System.getProperty("java.home"),
                "ANONKIT_UPSTREAM", qlik.virtualProxy().toString(),
                "ANONKIT_USER_ID", "payara-visitor",
                "ANONKIT_ALLOWED_APPS", AcceptanceSuite.APP,
                "ANONKIT_HOME", Files.createTempDirectory("anonkit-payara-home").toString());
        payara = ServerProcess.start(
                List.of("sh", asadmin(), "start-domain", "--verbose", "--domaindir", domains.toString(), "domain1"),
                domains,
                environment,
                BOOTED,
                240);
        Path passwords = domains.resolve("passwords.txt");
        for (List<String> user : List.of(
                List.of("payara-admin", "payara-admin-pw", "anonkit-admin"),
                List.of("payara-viewer", "payara-viewer-pw", "viewer"))) {
            Files.writeString(passwords, "AS_ADMIN_PASSWORD=\nAS_ADMIN_USERPASSWORD=" + user.get(1) + "\n");
            admin("--passwordfile", passwords.toString(), "create-file-user", "--groups", user.get(2), user.get(0));
        }
        String deployed = admin(
                "deploy",
                "--contextroot",
                "kit",
                "--name",
                "kit",
                Path.of(System.getProperty("kit.ee.war")).toString());
        if (!deployed.contains("Command deploy executed successfully")) {
            throw new AssertionError("Payara did not deploy the kit:\n" + deployed + "\n" + payara.output());
        }
        kit = URI.create("http://127.0.0.1:" + moved.get("8080") + "/kit/");
        return new ServerLeg(
                kit,
                "payara-visitor",
                new ServerLeg.Credentials("payara-admin", "payara-admin-pw"),
                Optional.of(new ServerLeg.Credentials("payara-viewer", "payara-viewer-pw")));
    }

    /**
     * The handover endpoint the kit registers with Tyrus answers upgrades from outside too (Tyrus' filter serves it
     * before the kit's): one with a guessed key reaches no tunnel and no Qlik, and is closed at once as a policy
     * violation.
     */
    @org.junit.jupiter.api.Test
    void anUpgradeToTheHandoverPathFromOutsideReachesNoTunnel() throws Exception {
        org.eclipse.jetty.websocket.core.client.WebSocketCoreClient client =
                io.anonkit.testing.WebSocketProbe.newClient();
        try {
            int handshakesBefore = handshakes();
            io.anonkit.testing.WebSocketProbe guess = io.anonkit.testing.WebSocketProbe.connect(
                            client,
                            URI.create("ws://" + kit.getAuthority() + kit.getPath() + ".anonkit-handover/"
                                    + "AAAAAAAAAAAAAAAAAAAAAA"),
                            Map.of("Origin", "https://site.example.com"),
                            List.of(),
                            false)
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            org.eclipse.jetty.websocket.core.CloseStatus closed =
                    guess.closed().get(10, java.util.concurrent.TimeUnit.SECONDS);
            org.junit.jupiter.api.Assertions.assertEquals(1008, closed.getCode(), closed.toString());
            org.junit.jupiter.api.Assertions.assertEquals(handshakesBefore, handshakes(), "nothing reached Qlik");
        } finally {
            client.stop();
        }
    }

    private int handshakes() {
        return (int) standIn.requests().stream()
                .filter(request -> request.pathQuery().contains("/app/"))
                .count();
    }

    private String asadmin() {
        return home.resolve("bin/asadmin").toString();
    }

    /** Runs an {@code asadmin} command against the running domain. */
    private String admin(String... command) throws Exception {
        List<String> line = new java.util.ArrayList<>(List.of("sh", asadmin(), "--port", String.valueOf(adminPort)));
        line.addAll(List.of(command));
        return ServerProcess.run(line, domains, environment, 180);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    void stop() throws Exception {
        if (payara != null) {
            payara.close();
        }
    }
}
