package io.anonkit.library;

import io.anonkit.testing.Commands;
import io.anonkit.testing.ServerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The host application on Tomcat 10.1 (the distribution from Maven Central, as a user downloads it), which brings
 * neither Faces nor CDI: the WAR holds Mojarra, Weld and an SLF4J provider as the quick start's dependency block says.
 * The settings are environment variables; the administrator is a user of Tomcat's {@code tomcat-users.xml}.
 */
@EnabledIfSystemProperty(named = "tomcat.distribution", matches = ".+")
class LibraryOnTomcatIT extends HostApplicationSuite {
    private static final Pattern STARTED = Pattern.compile("Server startup in");
    private static final Pattern PORT =
            Pattern.compile("Starting ProtocolHandler \\[\"http-nio-127\\.0\\.0\\.1-auto-\\d+-(\\d+)\"\\]");
    private ServerProcess tomcat;

    @Override
    URI start(Path war, Map<String, String> settings, Map<String, String> adminUsers) throws Exception {
        Path unpacked = Files.createTempDirectory("anonkit-tomcat");
        Commands.run(unpacked, Duration.ofMinutes(2), List.of("tar", "xzf", System.getProperty("tomcat.distribution")));
        Path home;
        try (var entries = Files.list(unpacked)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Path server = home.resolve("conf").resolve("server.xml");
        // No shutdown port and a free HTTP port on loopback, so parallel builds never collide.
        Files.writeString(
                server,
                Files.readString(server)
                        .replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                        .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"0\""));
        StringBuilder users = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tomcat-users>\n"
                + "  <role rolename=\"anonkit-admin\"/>\n");
        adminUsers.forEach((user, password) -> users.append("  <user username=\"")
                .append(user)
                .append("\" password=\"")
                .append(password)
                .append("\" roles=\"anonkit-admin\"/>\n"));
        Files.writeString(home.resolve("conf").resolve("tomcat-users.xml"), users.append("</tomcat-users>\n"));
        Files.copy(war, home.resolve("webapps").resolve("sales-site.war"));
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("CATALINA_HOME", home.toString());
        environment.put("CATALINA_BASE", home.toString());
        environment.put("CATALINA_OPTS", "-Xmx256m");
        tomcat = ServerProcess.start(
                List.of("sh", home.resolve("bin").resolve("catalina.sh").toString(), "run"),
                home,
                environment,
                STARTED,
                180);
        var port = PORT.matcher(tomcat.output());
        if (!port.find()) {
            throw new AssertionError("no HTTP connector in Tomcat's output:\n" + tomcat.output());
        }
        return URI.create("http://127.0.0.1:" + port.group(1) + "/sales-site/");
    }

    @Override
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Override
    String output() {
        return tomcat == null ? "" : "\nTomcat:\n" + tomcat.output();
    }
}
