package io.anonkit.testing;

import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * When a test fails, prints what is needed to diagnose it without a rerun: every process the tests have running, with
 * its command line and the last lines it printed where the test keeps them (the kit, app servers). Registered for every
 * class through {@code META-INF/services} and JUnit's extension auto-detection.
 */
public final class FailureDiagnostics implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        List<ProcessHandle> running = TestProcesses.running();
        if (running.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder(System.lineSeparator())
                .append(context.getDisplayName())
                .append(" failed; the processes the tests have running:");
        running.forEach(
                process -> out.append(System.lineSeparator()).append("  ").append(TestProcesses.report(process)));
        System.out.println(out);
    }
}
