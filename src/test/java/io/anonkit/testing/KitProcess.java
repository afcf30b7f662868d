package io.anonkit.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The packaged WAR started as users start it, {@code java -jar target/qlik-anon-kit.war}, on a free loopback port,
 * with the given {@code ANONKIT_*} environment and JVM options. Output is kept for assertions and failure messages.
 */
public final class KitProcess implements AutoCloseable {
    /** Line the standalone server prints once it serves. */
    public static final String READY = "qlik-anon-kit listening on ";
    /** Line the standalone server prints when it has a management port. */
    public static final String MANAGEMENT_READY = "qlik-anon-kit management port on ";

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<URI> ready = new CompletableFuture<>();
    private volatile URI management;

    private KitProcess(List<String> jvmOptions, Map<String, String> environment, Path home) throws IOException {
        this(testJava(), war(), jvmOptions, environment, home);
    }

    private KitProcess(Path java, Path war, List<String> jvmOptions, Map<String, String> environment, Path home)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(war.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("ANONKIT_"));
        builder.environment().put("ANONKIT_PORT", "0");
        builder.environment().put("ANONKIT_BIND_ADDRESS", "127.0.0.1");
        builder.environment().put("ANONKIT_HOME", home.toString());
        builder.environment().putAll(environment);
        process = TestProcesses.start(builder);
        TestProcesses.output(process, this::output);
        Thread reader = new Thread(this::read, "kit-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The WAR under test, from the {@code kit.war} system property that failsafe sets. */
    public static Path war() {
        String war = System.getProperty("kit.war", "target/qlik-anon-kit.war");
        Path path = Path.of(war);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no WAR at " + path + ": run the integration tests with mvn verify");
        }
        return path;
    }

    /** The {@code java} command of the JDK running the tests. */
    public static Path testJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Starts the kit and waits until it serves; fails with its output when it does not. */
    public static KitProcess start(Path home, Map<String, String> environment, String... jvmOptions) throws Exception {
        return started(new KitProcess(List.of(jvmOptions), environment, home));
    }

    /** Starts the kit with the given {@code java} command (of this or another JDK) and waits until it serves. */
    public static KitProcess startOn(Path java, Path home, Map<String, String> environment) throws Exception {
        return started(new KitProcess(java, war(), List.of(), environment, home));
    }

    /** Starts another WAR ({@code java -jar war}) and waits until it serves. */
    public static KitProcess startWar(Path war, Path home, Map<String, String> environment) throws Exception {
        return started(new KitProcess(testJava(), war, List.of(), environment, home));
    }

    private static KitProcess started(KitProcess kit) throws Exception {
        try {
            kit.ready.get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            kit.close();
            throw new AssertionError("the kit did not start; its output:\n" + kit.output(), e);
        }
        return kit;
    }

    /** Runs the kit expecting it to fail at start-up, and returns its exit code; output is in {@link #output()}. */
    public static KitProcess failing(Path home, Map<String, String> environment) throws Exception {
        KitProcess kit = new KitProcess(List.of(), environment, home);
        if (!kit.process.waitFor(90, TimeUnit.SECONDS)) {
            kit.close();
            throw new AssertionError("the kit neither started nor stopped; its output:\n" + kit.output());
        }
        kit.drained().get(10, TimeUnit.SECONDS);
        return kit;
    }

    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    private CompletableFuture<Void> drained() {
        return drained;
    }

    private void read() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.append(line).append('\n');
                int managementAt = line.indexOf(MANAGEMENT_READY);
                if (managementAt >= 0) {
                    management = URI.create(line.substring(managementAt + MANAGEMENT_READY.length())
                            .trim());
                }
                int at = line.indexOf(READY);
                if (at >= 0) {
                    ready.complete(
                            URI.create(line.substring(at + READY.length()).trim()));
                }
            }
        } catch (IOException e) {
            output.append("(output read failed: ").append(e).append(")\n");
        } finally {
            ready.completeExceptionally(new IllegalStateException("the kit's output ended before it was ready"));
            drained.complete(null);
        }
    }

    /** The kit's base URL, e.g. {@code http://127.0.0.1:PORT/}. */
    public URI baseUri() {
        return ready.join();
    }

    /** The management port's base URL, once started with {@code ANONKIT_MANAGEMENT_PORT}; else {@code null}. */
    public URI managementUri() {
        baseUri();
        return management;
    }

    /**
     * The value of the unlabelled metric {@code name} (as written, with {@code _total} for a counter) on the
     * management port's {@code /metrics}.
     */
    public double metric(String name) throws Exception {
        java.net.http.HttpResponse<String> scrape = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(managementUri().resolve("/metrics"))
                                .timeout(java.time.Duration.ofSeconds(30))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        return scrape.body()
                .lines()
                .filter(line -> line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + scrape.body()));
    }

    /** Everything the kit printed so far. */
    public String output() {
        return output.toString();
    }

    /** The process id, for diagnostic commands such as {@code jcmd}. */
    public long pid() {
        return process.pid();
    }

    /** Whether the kit is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the kit with SIGKILL, as a crash or an out-of-memory killer does: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Asks the kit to stop with SIGTERM, as an orchestrator does, without waiting: its shutdown hooks run. */
    public void terminate() {
        process.destroy();
    }

    /** Waits up to {@code timeout} for the process to end; whether it ended. */
    public boolean awaitExit(java.time.Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The exit code, once the process ended. */
    public int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        TestProcesses.end(process);
    }
}
