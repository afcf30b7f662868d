package io.anonkit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an operating-system command to its end for a test, its output and errors read together. */
public final class Commands {
    private Commands() {}

    /** What {@code command} printed; the test fails unless it exits 0 within {@code timeout}. */
    public static String run(Duration timeout, List<String> command) throws Exception {
        return run(null, timeout, command);
    }

    /**
     * What {@code command}, run in {@code folder} ({@code null}: the current one), printed; the test fails unless it
     * exits 0 within {@code timeout}.
     */
    public static String run(Path folder, Duration timeout, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (folder != null) {
            builder.directory(folder.toFile());
        }
        Process process = TestProcesses.start(builder);
        java.util.concurrent.CompletableFuture<String> printed =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    } catch (java.io.IOException e) {
                        return e.toString();
                    }
                });
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            TestProcesses.end(process);
            throw new AssertionError(String.join(" ", command) + " did not end in " + timeout.toSeconds()
                    + " s and was ended; it printed:\n" + printed.getNow("(nothing yet)"));
        }
        String output = printed.get(10, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }
}
