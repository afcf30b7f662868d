package io.anonkit.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code deploy/nginx/qlik-anon-kit.conf} in Debian's nginx, in front of the kit. */
class NginxFrontIT extends TlsFrontSuite {

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
        Files.writeString(work.resolve("site.conf"), site);
        Files.writeString(work.resolve("nginx.conf"), ("root".equals(System.getProperty("user.name")) ? "user root;\n" : "")
                + "worker_processes 1;\nerror_log " + work.resolve("error.log") + ";\npid " + work.resolve("nginx.pid")
                + ";\nevents { worker_connections 256; }\nhttp {\n  access_log off;\n  client_body_temp_path " + work
                + "/client;\n  proxy_temp_path " + work + "/proxy;\n  include " + work.resolve("site.conf") + ";\n}\n");
        run(List.of("nginx", "-p", work.toString(), "-c", work.resolve("nginx.conf").toString()));
    }

    @Override
    void stopFront(Path work) throws Exception {
        run(List.of("nginx", "-p", work.toString(), "-c", work.resolve("nginx.conf").toString(), "-s", "stop"));
    }
}
