package io.anonkit.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Every operating-system process a test starts: the kit, app servers, Prometheus, nginx, Apache, PostgreSQL, Node.js,
 * Chromium and its driver, and short commands. Each is started with the environment variable {@value #OWNER} set to the
 * test JVM's process id, which its own children inherit, so that a process can be found and ended even after it left
 * the JVM's process tree ({@code pg_ctl} daemonises PostgreSQL) or after the JVM that started it died. A process ends
 * with its whole tree, children first: a polite signal, then, after {@link #GRACE}, a forced one. What a test leaves
 * running is ended by {@link LeftoverProcessesCheck} after its class, by the JVM's shutdown hook when the JVM exits, and,
 * when a test JVM was killed outright, by {@link ProcessReaper} in the next test JVM of the build.
 */
public final class TestProcesses {
    /** Environment variable naming the test JVM that started a process, inherited by the process's children. */
    public static final String OWNER = "KIT_TEST_OWNER";
    /** How long a process may take to end after the polite signal. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private static final long SELF = ProcessHandle.current().pid();
    private static final Set<ProcessHandle> STARTED = ConcurrentHashMap.newKeySet();
    private static final java.util.Map<ProcessHandle, java.util.function.Supplier<String>> OUTPUTS =
            new ConcurrentHashMap<>();
    /** Lines of a process's output a failure report shows. */
    static final int TAIL_LINES = 40;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestProcesses::endAllOwned, "end the tests' processes"));
    }

    private TestProcesses() {}

    /** Starts {@code builder}'s process, marked as this JVM's and ended with it at the latest. */
    public static Process start(ProcessBuilder builder) throws IOException {
        builder.environment().put(OWNER, String.valueOf(SELF));
        Process process = builder.start();
        STARTED.add(process.toHandle());
        return process;
    }

    /** The environment a process started outside {@link #start} (such as by Selenium) should get to be found. */
    public static java.util.Map<String, String> marker() {
        return java.util.Map.of(OWNER, String.valueOf(SELF));
    }

    /** Names where {@code process}'s output is kept, so that a failing test can show its last lines. */
    public static void output(Process process, java.util.function.Supplier<String> output) {
        OUTPUTS.put(process.toHandle(), output);
    }

    /** A process for a failure report: its id, command line and, where known, the last lines it printed. */
    static String report(ProcessHandle process) {
        StringBuilder out = new StringBuilder(describe(process));
        java.util.function.Supplier<String> output = OUTPUTS.get(process);
        if (output != null) {
            List<String> lines = output.get().lines().toList();
            out.append("\n    last ").append(Math.min(TAIL_LINES, lines.size())).append(" lines of its output:");
            lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())
                    .forEach(line -> out.append("\n    | ").append(line));
        }
        return out.toString();
    }

    /** Adds a process this JVM did not start itself but owns, such as a server a daemonising command left behind. */
    public static void adopt(ProcessHandle process) {
        STARTED.add(process);
    }

    /** Ends {@code process} and every process below it: politely, then by force after {@link #GRACE}. */
    public static void end(ProcessHandle process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        java.util.Collections.reverse(tree);
        tree.add(process);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle member : tree) {
            long left = deadline - System.nanoTime();
            try {
                member.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                member.destroyForcibly();
            }
        }
        STARTED.remove(process);
        OUTPUTS.remove(process);
    }

    /** Ends {@code process} and every process below it. */
    public static void end(Process process) {
        end(process.toHandle());
    }

    /**
     * The processes of this JVM that are still running: its descendants and every process marked as its own, such as
     * a daemon that left the JVM's tree.
     */
    static List<ProcessHandle> running() {
        Set<ProcessHandle> found =
                new LinkedHashSet<>(ProcessHandle.current().descendants().toList());
        marked().filter(process -> owner(process).filter(owner -> owner == SELF).isPresent())
                .forEach(found::add);
        STARTED.stream().filter(ProcessHandle::isAlive).forEach(found::add);
        found.removeIf(process -> !process.isAlive());
        return List.copyOf(found);
    }

    /** Marked processes whose test JVM is no longer running: left behind by a JVM that was killed. */
    static List<ProcessHandle> orphans() {
        return marked().filter(process -> owner(process)
                        .filter(owner -> ProcessHandle.of(owner)
                                .map(jvm -> !jvm.isAlive())
                                .orElse(true))
                        .isPresent())
                .toList();
    }

    /** A process for a message: its id and command line. */
    static String describe(ProcessHandle process) {
        return process.pid() + " "
                + process.info().commandLine().orElse(process.info().command().orElse("?"));
    }

    private static Stream<ProcessHandle> marked() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return Stream.empty();
        }
        return ProcessHandle.allProcesses()
                .filter(process -> process.pid() != SELF && owner(process).isPresent());
    }

    /** The test JVM named in {@code process}'s environment, where it can be read (Linux's /proc). */
    private static Optional<Long> owner(ProcessHandle process) {
        try {
            byte[] environment = Files.readAllBytes(Path.of("/proc", String.valueOf(process.pid()), "environ"));
            for (String entry : new String(environment, StandardCharsets.UTF_8).split("\0")) {
                if (entry.startsWith(OWNER + "=")) {
                    return Optional.of(Long.parseLong(entry.substring(OWNER.length() + 1)));
                }
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            // Ended meanwhile, or not ours to read.
        }
        return Optional.empty();
    }

    private static void endAllOwned() {
        running().forEach(TestProcesses::end);
    }
}
