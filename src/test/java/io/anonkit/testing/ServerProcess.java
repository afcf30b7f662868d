package io.anonkit.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server distribution started with its own start script or launcher, as an administrator starts it; waits for the
 * line that says it is ready and keeps its output for failure messages. Closing stops the whole process tree.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Pattern readyLine;
    private final CompletableFuture<Matcher> ready = new CompletableFuture<>();

    private ServerProcess(List<String> command, Path directory, Map<String, String> environment, Pattern readyLine)
            throws IOException {
        this.readyLine = readyLine;
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("ANONKIT_"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        process = TestProcesses.start(builder);
        TestProcesses.output(process, this::output);
        Thread reader = new Thread(this::read, "server-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code command} in {@code directory} and waits up to {@code seconds} for a line matching {@code readyLine};
     * returns the match, so a pattern can capture the port the server bound.
     */
    public static ServerProcess start(
            List<String> command, Path directory, Map<String, String> environment, Pattern readyLine, int seconds)
            throws Exception {
        ServerProcess server = new ServerProcess(command, directory, environment, readyLine);
        try {
            server.ready.get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.close();
            throw new AssertionError("the server did not start: " + command + "\n" + server.output(), e);
        }
        return server;
    }

    /** Runs a command of a distribution (such as a user or configuration script) to its end; fails on a non-zero exit. */
    public static String run(List<String> command, Path directory, Map<String, String> environment, int seconds)
            throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Process process = TestProcesses.start(builder);
        CompletableFuture<String> text = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            TestProcesses.end(process);
            throw new AssertionError(
                    command + " did not finish in " + seconds + " s; it printed:\n" + text.getNow("(nothing yet)"));
        }
        String printed = text.get(10, TimeUnit.SECONDS);
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " exited with " + process.exitValue() + ":\n" + printed);
        }
        return printed;
    }

    private void read() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.append(line).append('\n');
                Matcher matcher = readyLine.matcher(line);
                if (!ready.isDone() && matcher.find()) {
                    ready.complete(matcher);
                }
            }
        } catch (IOException e) {
            output.append("(output read failed: ").append(e).append(")\n");
        } finally {
            ready.completeExceptionally(new IllegalStateException("the server's output ended before it was ready"));
        }
    }

    /** The ready line's match. */
    public Matcher readyMatch() {
        return ready.join();
    }

    /** Everything the server printed so far. */
    public String output() {
        return output.toString();
    }

    @Override
    public void close() throws Exception {
        TestProcesses.end(process);
    }
}
