package io.anonkit.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server from Debian's {@code postgresql} package (which {@code .ci/run} installs): a fresh
 * cluster in a temporary folder on a free loopback port, trusted local user {@value #USER}, stopped on close. As root,
 * the server runs as the package's {@code postgres} user, since PostgreSQL refuses to run as root.
 */
public final class PostgresServer implements AutoCloseable {
    /** The database user. */
    public static final String USER = "anonkit";

    private final Path bin;
    private final Path folder;
    private final int port;

    private PostgresServer(Path bin, Path folder, int port) {
        this.bin = bin;
        this.folder = folder;
        this.port = port;
    }

    /** Creates and starts a server. */
    public static PostgresServer start() throws Exception {
        Path bin = binaries();
        Path folder = Files.createTempDirectory("anonkit-postgres");
        if (isRoot()) {
            run(List.of("chown", "postgres", folder.toString()));
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresServer server = new PostgresServer(bin, folder, port);
        server.asOwner(
                bin.resolve("initdb").toString(),
                "-D",
                folder.resolve("data").toString(),
                "-U",
                USER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync");
        server.startServer();
        return server;
    }

    /** Starts the server on its folder and port (again, after {@link #stopImmediately()}). */
    public void startServer() throws Exception {
        asOwner(
                bin.resolve("pg_ctl").toString(),
                "-D",
                folder.resolve("data").toString(),
                "-w",
                "-t",
                "60",
                "-l",
                folder.resolve("server.log").toString(),
                "-o",
                "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "start");
        // pg_ctl leaves the server running outside this JVM's process tree: it is adopted, so it ends with the JVM.
        postmaster().ifPresent(TestProcesses::adopt);
    }

    /** Stops the server as a crash would ({@code pg_ctl stop -m immediate}): clients' connections break. */
    public void stopImmediately() throws Exception {
        asOwner(
                bin.resolve("pg_ctl").toString(),
                "-D",
                folder.resolve("data").toString(),
                "-m",
                "immediate",
                "-w",
                "stop");
    }

    /** The JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.naturalOrder());
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run"
                + " apt-get install postgresql, as .ci/run does");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void asOwner(String... command) throws Exception {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        run(full);
    }

    private static void run(List<String> command) throws Exception {
        Process process = TestProcesses.start(new ProcessBuilder(command).redirectErrorStream(true));
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** The server's main process, from the first line of {@code postmaster.pid}. */
    private java.util.Optional<ProcessHandle> postmaster() throws IOException {
        Path pidFile = folder.resolve("data").resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return java.util.Optional.empty();
        }
        try {
            return ProcessHandle.of(
                    Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() throws Exception {
        java.util.Optional<ProcessHandle> server = postmaster();
        try {
            stopImmediately();
        } finally {
            server.filter(ProcessHandle::isAlive).ifPresent(TestProcesses::end);
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
