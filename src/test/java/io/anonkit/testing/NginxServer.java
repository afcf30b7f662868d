package io.anonkit.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Debian's nginx, run by a test with one site file in a private prefix folder, as root or not. */
public final class NginxServer implements AutoCloseable {
    private final Path work;

    private NginxServer(Path work) {
        this.work = work;
    }

    /** Starts nginx in {@code work} with {@code site} included in its {@code http} block. */
    public static NginxServer start(Path work, String site) throws Exception {
        Files.writeString(work.resolve("site.conf"), site);
        Files.writeString(
                work.resolve("nginx.conf"),
                ("root".equals(System.getProperty("user.name")) ? "user root;\n" : "")
                        + "worker_processes 1;\nerror_log " + work.resolve("error.log") + ";\npid "
                        + work.resolve("nginx.pid")
                        + ";\nevents { worker_connections 256; }\nhttp {\n  access_log off;\n  client_body_temp_path "
                        + work
                        + "/client;\n  proxy_temp_path " + work + "/proxy;\n  include " + work.resolve("site.conf")
                        + ";\n}\n");
        ServerProcess.run(
                List.of(
                        "nginx",
                        "-p",
                        work.toString(),
                        "-c",
                        work.resolve("nginx.conf").toString()),
                work,
                java.util.Map.of(),
                60);
        return new NginxServer(work);
    }

    @Override
    public void close() throws Exception {
        ServerProcess.run(
                List.of(
                        "nginx",
                        "-p",
                        work.toString(),
                        "-c",
                        work.resolve("nginx.conf").toString(),
                        "-s",
                        "stop"),
                work,
                java.util.Map.of(),
                60);
    }
}
