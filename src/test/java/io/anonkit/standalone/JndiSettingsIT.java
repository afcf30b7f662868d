package io.anonkit.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.AdminClient;
import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings from JNDI environment entries, named as the README's table names them: the WAR with a Jetty
 * {@code WEB-INF/jetty-ee10-env.xml} binding {@code anonkit.user.id}, run with {@code java -jar}.
 */
class JndiSettingsIT {
    @TempDir
    Path work;

    @Test
    void aJndiEnvironmentEntryNamedAfterTheSettingSetsIt() throws Exception {
        Path war = work.resolve("kit-with-jndi.war");
        Files.copy(KitProcess.war(), war, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + war.toUri()), Map.of())) {
            Files.writeString(zip.getPath("WEB-INF", "jetty-ee10-env.xml"), """
                    <?xml version="1.0"?>
                    <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                    <Configure id="wac" class="org.eclipse.jetty.ee10.webapp.WebAppContext">
                      <New class="org.eclipse.jetty.plus.jndi.EnvEntry">
                        <Arg><Ref refid="wac"/></Arg>
                        <Arg>anonkit.user.id</Arg>
                        <Arg type="java.lang.String">jndi-visitor</Arg>
                        <Arg type="boolean">true</Arg>
                      </New>
                    </Configure>
                    """);
        }
        try (QlikStandIn qlik = QlikStandIn.start();
                KitProcess kit = KitProcess.startWar(
                        war,
                        work.resolve("home"),
                        Map.of("ANONKIT_UPSTREAM", qlik.virtualProxy().toString(), "ANONKIT_SESSION_POOL", "off"))) {
            assertTrue(
                    kit.output().contains("anonkit.user.id = 'jndi-visitor'  [JNDI environment entry anonkit.user.id]"),
                    kit.output());
            assertEquals(
                    200,
                    new AdminClient(kit.baseUri(), null, null)
                            .get("qlik/resources/hub.js")
                            .statusCode());
            assertEquals(List.of("jndi-visitor"), qlik.onlyRequest().values("hdr-usr"));
        }
    }
}
