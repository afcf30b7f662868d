package io.anonkit.testing;

import java.util.List;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Ends, when a test JVM starts its tests, the processes an earlier test JVM started and left behind because it was
 * killed (a fork timeout, an out-of-memory kill), and says which; and, when it finishes, anything of its own still
 * running. Registered through {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class ProcessReaper implements TestExecutionListener {
    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        end("left behind by a test JVM that died", TestProcesses.orphans());
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        end("still running when the tests ended", TestProcesses.running());
    }

    private static void end(String what, List<ProcessHandle> processes) {
        if (processes.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder("Processes ").append(what).append(", ended now:");
        processes.forEach(
                process -> out.append(System.lineSeparator()).append("  ").append(TestProcesses.describe(process)));
        System.out.println(out);
        processes.forEach(TestProcesses::end);
    }
}
