package io.anonkit.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Lists, when a test run ends, every test or test class that was skipped for a missing operating-system tool (see
 * {@link RequiredTool}), so a run that passed without them says so in its last lines. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}.
 */
public final class SkippedTestsReport implements TestExecutionListener {
    private final List<String> skipped = new ArrayList<>();

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Optional<String> reason = result.getThrowable().map(Throwable::getMessage);
        if (result.getStatus() == TestExecutionResult.Status.ABORTED
                && reason.isPresent()
                && reason.get().startsWith(RequiredTool.SKIP_PREFIX)) {
            skipped.add(test.getDisplayName() + ": " + reason.get());
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (skipped.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder(System.lineSeparator())
                .append("Skipped for missing tools (")
                .append(skipped.size())
                .append("; install them, as .ci/run does, to run everything):");
        skipped.forEach(
                line -> out.append(System.lineSeparator()).append("  - ").append(line));
        System.out.println(out);
    }
}
