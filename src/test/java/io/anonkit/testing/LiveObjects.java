package io.anonkit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Counts the objects of a class that are still reachable in another JVM, from the JDK's own heap histogram
 * ({@code jcmd <pid> GC.class_histogram}, which runs a full collection first), not from any counter the code under test
 * keeps. The JVM is found by the port it listens on, so the same works for the standalone kit and for an app server
 * started by a build plugin.
 */
public final class LiveObjects {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    private LiveObjects() {}

    /** Whether this machine can find processes by port and read their heaps (Linux's /proc and the JDK's jcmd). */
    public static boolean available() {
        return Files.isReadable(Path.of("/proc/net/tcp")) && Files.isExecutable(jcmd());
    }

    /** The id of the process listening on TCP {@code port}, from /proc. */
    public static Optional<Long> listeningProcess(int port) throws IOException {
        String hexPort = String.format(":%04X", port);
        String inode = null;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] fields = line.trim().split("\\s+");
                // local_address rem_address st ... inode: field 1, 3 (0A is LISTEN), 9.
                if (fields.length > 9 && fields[1].endsWith(hexPort) && fields[3].equals("0A")) {
                    inode = fields[9];
                }
            }
        }
        if (inode == null) {
            return Optional.empty();
        }
        String socket = "socket:[" + inode + "]";
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes
                    .filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
                    if (fds.anyMatch(fd -> socket.equals(target(fd)))) {
                        return Optional.of(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // A process that ended, or one we may not read.
                }
            }
        }
        return Optional.empty();
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";
        }
    }

    /** Live instances of the class named {@code className} in the JVM {@code pid}, after a full collection. */
    public static long count(long pid, String className) throws Exception {
        String histogram = Commands.run(
                Duration.ofMinutes(2), List.of(jcmd().toString(), String.valueOf(pid), "GC.class_histogram"));
        for (String line : histogram.lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (row.find() && row.group(3).equals(className)) {
                return Long.parseLong(row.group(1));
            }
        }
        return 0;
    }

    /**
     * Writes a heap dump of the JVM {@code pid} (live objects only) to {@code file}, for a failure that a rerun may not
     * show again: open it in a heap analyser and follow the paths to the GC roots of what should be gone.
     */
    public static Path heapDump(long pid, Path file) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Commands.run(
                Duration.ofMinutes(2),
                List.of(
                        jcmd().toString(),
                        String.valueOf(pid),
                        "GC.heap_dump",
                        file.toAbsolutePath().toString()));
        return file.toAbsolutePath();
    }

    private static Path jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }
}
