package io.anonkit.acceptance;

import io.anonkit.testing.FileTree;
import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.ServerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The acceptance suite against the WAR in the Jetty 12 distribution ({@code jetty-home} from Maven Central, unpacked
 * by the build), started with its own {@code start.jar} on a copy of {@code deploy/jetty-base}: the base's modules and
 * realm, the context file's parameters, and the upstream as an {@code ANONKIT_*} environment variable.
 */
@EnabledIfSystemProperty(named = "jetty.home.dir", matches = ".+")
class JettyHomeAcceptanceIT extends AcceptanceSuite {
    private static final Pattern STARTED = Pattern.compile("Started oejs\\.Server@");
    private static final Pattern CONNECTOR = Pattern.compile("\\{HTTP/1\\.1, \\(http/1\\.1\\)\\}\\{127\\.0\\.0\\.1:(\\d+)\\}");
    private ServerProcess jetty;

    @Override
    ServerLeg start(QlikStandIn qlik) throws Exception {
        Path home = Path.of(System.getProperty("jetty.home.dir"));
        Path base = Files.createTempDirectory("anonkit-jetty-base");
        FileTree.copy(Path.of("deploy", "jetty-base"), base);
        Files.copy(KitProcess.war(), base.resolve("webapps").resolve("qlik-anon-kit.war"));
        Files.writeString(base.resolve("etc").resolve("qlik-anon-kit-realm.properties"),
                "jetty-admin: jetty-admin-pw, anonkit-admin\njetty-viewer: jetty-viewer-pw, viewer\n");
        jetty = ServerProcess.start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m", "-jar", home.resolve("start.jar").toString(), "jetty.home=" + home,
                        "jetty.base=" + base, "jetty.http.port=0"), base,
                Map.of("ANONKIT_UPSTREAM", qlik.virtualProxy().toString(), "ANONKIT_ALLOWED_APPS", AcceptanceSuite.APP,
                        "ANONKIT_HOME", Files.createTempDirectory("anonkit-jetty-home").toString()),
                STARTED, 120);
        Matcher port = CONNECTOR.matcher(jetty.output());
        if (!port.find()) {
            throw new AssertionError("no HTTP connector in Jetty's output:\n" + jetty.output());
        }
        return new ServerLeg(URI.create("http://127.0.0.1:" + port.group(1) + "/kit/"), "public-visitor",
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
