package io.anonkit.library;

import io.anonkit.testing.FileTree;
import io.anonkit.testing.JettyHome;
import io.anonkit.testing.ServerProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The host application on the Jetty 12 distribution ({@code jetty-home}, ee10), on a copy of {@code deploy/jetty-base}
 * without the kit's own WAR: the same WAR as on Tomcat, with its own Mojarra and Weld; EL from Jetty's {@code ee10-jsp}
 * module and CDI integration through {@code ee10-cdi-spi}. The administrator is a user of the base's login service.
 */
@EnabledIfSystemProperty(named = "jetty.home.dir", matches = ".+")
class LibraryOnJettyIT extends HostApplicationSuite {
    private ServerProcess jetty;

    @Override
    URI start(Path war, Map<String, String> settings, Map<String, String> adminUsers) throws Exception {
        Path base = Files.createTempDirectory("anonkit-host-jetty-base");
        FileTree.copy(Path.of("deploy", "jetty-base"), base);
        Files.delete(base.resolve("webapps").resolve("qlik-anon-kit.xml"));
        Files.copy(war, base.resolve("webapps").resolve("sales-site.war"));
        StringBuilder users = new StringBuilder();
        adminUsers.forEach((user, password) ->
                users.append(user).append(": ").append(password).append(", anonkit-admin\n"));
        Files.writeString(base.resolve("etc").resolve("qlik-anon-kit-realm.properties"), users);
        // The host names its own realm in web.xml; Jetty's login service must carry that name.
        Path realm = base.resolve("etc").resolve("qlik-anon-kit-realm.xml");
        Files.writeString(
                realm,
                Files.readString(realm)
                        .replace(
                                "<Set name=\"name\">qlik-anon-kit admin</Set>", "<Set name=\"name\">sales site</Set>"));
        JettyHome.Started started = JettyHome.start(base, new HashMap<>(settings));
        jetty = started.server();
        return URI.create("http://127.0.0.1:" + started.port() + "/sales-site/");
    }

    @Override
    void stop() throws Exception {
        if (jetty != null) {
            jetty.close();
        }
    }

    @Override
    String output() {
        return jetty == null ? "" : "\nJetty:\n" + jetty.output();
    }
}
