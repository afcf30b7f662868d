package io.anonkit.deployment;

import io.anonkit.testing.RequiredTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code deploy/apache/qlik-anon-kit.conf} in Debian's Apache httpd, in front of the kit. The test's main configuration
 * loads the modules the file names and opens the ports, as Debian's {@code apache2.conf} and {@code ports.conf} do.
 */
class ApacheFrontIT extends TlsFrontSuite {
    private static final String MODULES = "/usr/lib/apache2/modules/";

    @Override
    RequiredTool server() {
        return RequiredTool.APACHE;
    }

    @Override
    String visitor() {
        return "apache-visitor";
    }

    @Override
    void startFront(Path work, int httpsPort, int httpPort, int kitPort, Path pem) throws Exception {
        String site = Files.readString(Path.of("deploy", "apache", "qlik-anon-kit.conf"));
        site = replace(site, "<VirtualHost *:443>", "<VirtualHost 127.0.0.1:" + httpsPort + ">");
        site = replace(site, "<VirtualHost *:80>", "<VirtualHost 127.0.0.1:" + httpPort + ">");
        site = replace(
                site,
                "Redirect permanent / https://www.example.com/",
                "Redirect permanent / https://127.0.0.1:" + httpsPort + "/");
        site = replace(site, " http://127.0.0.1:8080/ ", " http://127.0.0.1:" + kitPort + "/ ");
        site = replace(
                site,
                "ProxyPassReverse / http://127.0.0.1:8080/",
                "ProxyPassReverse / http://127.0.0.1:" + kitPort + "/");
        site = replace(site, "/etc/ssl/certs/www.example.com.pem", pem.toString());
        site = replace(site, "/etc/ssl/private/www.example.com.key", pem.toString());
        Files.writeString(work.resolve("site.conf"), site);
        StringBuilder main = new StringBuilder();
        for (String module :
                List.of("mpm_event", "authz_core", "alias", "headers", "socache_shmcb", "ssl", "proxy", "proxy_http")) {
            main.append("LoadModule ")
                    .append(module)
                    .append("_module ")
                    .append(MODULES)
                    .append("mod_")
                    .append(module)
                    .append(".so\n");
        }
        main.append("ServerRoot ")
                .append(work)
                .append('\n')
                .append("ServerName 127.0.0.1\n")
                .append("PidFile ")
                .append(work.resolve("httpd.pid"))
                .append('\n')
                .append("ErrorLog ")
                .append(work.resolve("error.log"))
                .append('\n')
                .append("DefaultRuntimeDir ")
                .append(work)
                .append('\n')
                .append("StartServers 1\nServerLimit 1\nThreadsPerChild 64\nMaxRequestWorkers 64\n")
                .append("Listen 127.0.0.1:")
                .append(httpsPort)
                .append('\n')
                .append("Listen 127.0.0.1:")
                .append(httpPort)
                .append('\n')
                .append("Include ")
                .append(work.resolve("site.conf"))
                .append('\n');
        if ("root".equals(System.getProperty("user.name"))) {
            // httpd refuses to serve as root: its children run as Debian's www-data; the parent reads key and logs.
            main.append("User www-data\nGroup www-data\n");
        }
        Files.writeString(work.resolve("httpd.conf"), main);
        run(List.of("/usr/sbin/apache2", "-f", work.resolve("httpd.conf").toString(), "-k", "start"));
    }

    @Override
    void stopFront(Path work) throws Exception {
        run(List.of("/usr/sbin/apache2", "-f", work.resolve("httpd.conf").toString(), "-k", "stop"));
    }
}
