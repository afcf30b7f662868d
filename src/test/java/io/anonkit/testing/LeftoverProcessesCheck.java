package io.anonkit.testing;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test class, in every test JVM: no process the class started may still run. Processes that are ending
 * get {@link #SETTLE} to finish; whatever still runs then is ended with its whole tree and the class fails with the
 * processes' command lines. Registered for every class through {@code META-INF/services} and JUnit's extension
 * auto-detection ({@code junit-platform.properties}).
 */
public final class LeftoverProcessesCheck implements AfterAllCallback {
    /** How long a process that a class asked to stop may take before it counts as left behind. */
    static final Duration SETTLE = Duration.ofSeconds(15);

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<ProcessHandle> left = TestProcesses.running();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = TestProcesses.running();
        }
        if (left.isEmpty()) {
            return;
        }
        List<String> described = left.stream().map(TestProcesses::describe).toList();
        left.forEach(TestProcesses::end);
        throw new AssertionError(context.getDisplayName() + " left " + left.size() + " process(es) running "
                + SETTLE.toSeconds() + " s after its end; they were ended now:\n  " + String.join("\n  ", described));
    }
}
