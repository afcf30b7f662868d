package io.anonkit.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The tests' process registry ends whole trees, and finds what a test JVM left behind, daemons included. */
class TestProcessesTest {
    private static final boolean LINUX = java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self"));

    @Test
    void endingAProcessEndsItsChildrenToo() throws Exception {
        Process shell = TestProcesses.start(new ProcessBuilder("sh", "-c", "sleep 300 & sleep 300; wait"));
        List<ProcessHandle> children = awaitChildren(shell.toHandle(), 2);
        TestProcesses.end(shell);
        assertTrue(shell.waitFor(5, TimeUnit.SECONDS), "the process ended");
        for (ProcessHandle child : children) {
            assertFalse(child.isAlive(), "and its child " + TestProcesses.describe(child));
        }
    }

    @Test
    void aDaemonThatLeftTheTreeIsStillFoundAsThisJvmsAndEnded() throws Exception {
        Assumptions.assumeTrue(LINUX, "reads processes' environments from /proc");
        // The shell starts a sleep in the background and exits: the sleep is reparented, as pg_ctl's server is.
        Process shell = TestProcesses.start(new ProcessBuilder("sh", "-c", "sleep 300 > /dev/null 2>&1 & echo $!"));
        long pid = Long.parseLong(new String(shell.getInputStream().readAllBytes()).trim());
        assertTrue(shell.waitFor(5, TimeUnit.SECONDS));
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        assertFalse(ProcessHandle.current().descendants().anyMatch(daemon::equals), "outside the JVM's tree");
        List<ProcessHandle> running = TestProcesses.running();
        assertTrue(
                running.contains(daemon),
                "found by its mark: "
                        + running.stream().map(TestProcesses::describe).toList());
        TestProcesses.end(daemon);
        assertTrue(daemon.onExit().get(5, TimeUnit.SECONDS) != null && !daemon.isAlive());
    }

    @Test
    void whatADeadTestJvmLeftIsAnOrphan() throws Exception {
        Assumptions.assumeTrue(LINUX, "reads processes' environments from /proc");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        ProcessBuilder builder = new ProcessBuilder("sleep", "300");
        builder.environment().put(TestProcesses.OWNER, String.valueOf(gone.pid()));
        Process left = builder.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            boolean found = false;
            while (!found && System.nanoTime() < deadline) {
                found = TestProcesses.orphans().contains(left.toHandle());
            }
            assertTrue(found, "a process marked with a JVM that is gone");
        } finally {
            TestProcesses.end(left);
        }
    }

    private static List<ProcessHandle> awaitChildren(ProcessHandle parent, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> children = parent.children().toList();
            if (children.size() == count) {
                return children;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not " + count + " children of " + TestProcesses.describe(parent));
    }
}
