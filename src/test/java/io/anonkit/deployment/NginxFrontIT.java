package io.anonkit.deployment;

import io.anonkit.testing.NginxServer;
import io.anonkit.testing.RequiredTool;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code deploy/nginx/qlik-anon-kit.conf} in Debian's nginx, in front of the kit. */
class NginxFrontIT extends TlsFrontSuite {
    @Override
    RequiredTool server() {
        return RequiredTool.NGINX;
    }

    private NginxServer nginx;

    @Override
    String visitor() {
        return "nginx-visitor";
    }

    @Override
    void startFront(Path work, int httpsPort, int httpPort, int kitPort, Path pem) throws Exception {
        String site = Files.readString(Path.of("deploy", "nginx", "qlik-anon-kit.conf"));
        site = replace(site, "listen 443 ssl;", "listen 127.0.0.1:" + httpsPort + " ssl;");
        site = replace(site, "listen 80;", "listen 127.0.0.1:" + httpPort + ";");
        site = replace(site, "server 127.0.0.1:8080;", "server 127.0.0.1:" + kitPort + ";");
        site = replace(site, "/etc/ssl/certs/www.example.com.pem", pem.toString());
        site = replace(site, "/etc/ssl/private/www.example.com.key", pem.toString());
        nginx = NginxServer.start(work, site);
    }

    @Override
    void stopFront(Path work) throws Exception {
        nginx.close();
    }
}
