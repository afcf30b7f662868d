package io.anonkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.Commands;
import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.RequiredTool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/systemd/qlik-anon-kit.service} and its environment file: systemd accepts the unit, and its command
 * line with its environment starts the kit, which stops on SIGTERM with the exit status the unit counts as success.
 */
class SystemdUnitIT {
    private static final Path UNIT = Path.of("deploy", "systemd", "qlik-anon-kit.service");
    private static final Path ENVIRONMENT = Path.of("deploy", "systemd", "qlik-anon-kit.env");

    @TempDir
    Path work;

    private static String replace(String text, String from, String to) {
        assertTrue(text.contains(from), UNIT + " no longer has " + from);
        return text.replace(from, to);
    }

    @Test
    void systemdAcceptsTheUnitWithThisMachinesPaths() throws Exception {
        RequiredTool.require(RequiredTool.SYSTEMD_ANALYZE);
        String unit = Files.readString(UNIT);
        unit = replace(
                unit,
                "/opt/qlik-anon-kit/qlik-anon-kit.war",
                KitProcess.war().toAbsolutePath().toString());
        unit = replace(
                unit,
                "/etc/qlik-anon-kit/qlik-anon-kit.env",
                ENVIRONMENT.toAbsolutePath().toString());
        unit = replace(unit, "User=qlik-anon-kit", "User=" + System.getProperty("user.name"));
        Path copy = work.resolve("qlik-anon-kit.service");
        Files.writeString(copy, unit);
        String output = Commands.run(Duration.ofSeconds(60), List.of("systemd-analyze", "verify", copy.toString()));
        assertEquals("", output.trim(), "systemd-analyze has no complaint");
    }

    @Test
    void theUnitsCommandAndEnvironmentStartTheKitWhichStopsCleanlyOnSigterm() throws Exception {
        Map<String, String> unit = new LinkedHashMap<>();
        List<String> environment = new ArrayList<>();
        for (String line : Files.readAllLines(UNIT)) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                String key = line.substring(0, equals);
                if (key.equals("Environment")) {
                    environment.add(line.substring(equals + 1));
                } else {
                    unit.put(key, line.substring(equals + 1));
                }
            }
        }
        assertEquals("143", unit.get("SuccessExitStatus"));
        for (String line : Files.readAllLines(ENVIRONMENT)) {
            if (!line.startsWith("#") && line.contains("=")) {
                environment.add(line);
            }
        }
        try (QlikStandIn qlik = QlikStandIn.start()) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            // The sample's values, with this machine's: the stand-in as Qlik, a free port, no trust store.
            Map<String, String> values = new LinkedHashMap<>();
            environment.forEach(entry ->
                    values.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1)));
            assertEquals(
                    List.of(
                            "ANONKIT_HOME",
                            "ANONKIT_UPSTREAM",
                            "ANONKIT_PUBLIC_URL",
                            "ANONKIT_ALLOWED_HOSTS",
                            "ANONKIT_ALLOWED_APPS",
                            "ANONKIT_TRUSTED_PROXIES",
                            "ANONKIT_BIND_ADDRESS",
                            "ANONKIT_PORT",
                            "ANONKIT_TRUSTSTORE",
                            "ANONKIT_TRUSTSTORE_PASSWORD",
                            "ANONKIT_MANAGEMENT_PORT"),
                    List.copyOf(values.keySet()));
            values.put("ANONKIT_HOME", work.resolve("state").toString());
            values.put("ANONKIT_UPSTREAM", qlik.virtualProxy().toString());
            values.put("ANONKIT_PORT", String.valueOf(port));
            assertEquals("9404", values.get("ANONKIT_MANAGEMENT_PORT"));
            int management;
            try (ServerSocket socket = new ServerSocket(0)) {
                management = socket.getLocalPort();
            }
            values.put("ANONKIT_MANAGEMENT_PORT", String.valueOf(management));
            values.remove("ANONKIT_TRUSTSTORE");
            values.remove("ANONKIT_TRUSTSTORE_PASSWORD");
            values.put("ANONKIT_ADMIN_PASSWORD", "systemd-admin-password");
            List<String> command =
                    new ArrayList<>(Arrays.asList(unit.get("ExecStart").split(" ")));
            command.set(command.size() - 1, KitProcess.war().toAbsolutePath().toString());
            command.set(
                    0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("ANONKIT_"));
            builder.environment().putAll(values);
            Process kit = io.anonkit.testing.TestProcesses.start(builder);
            try {
                BufferedReader output =
                        new BufferedReader(new InputStreamReader(kit.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = output.readLine()) != null && !line.contains(KitProcess.READY)) {
                    // The start-up log.
                }
                assertTrue(line != null, "the kit did not start");
                HttpResponse<String> health = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode());
                for (String path : List.of("health/ready", "health/live", "metrics")) {
                    HttpResponse<String> monitored = HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/" + path))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, monitored.statusCode(), path + ": " + monitored.body());
                }
                Thread reader = new Thread(() -> {
                    try {
                        output.transferTo(java.io.Writer.nullWriter());
                    } catch (java.io.IOException e) {
                        // The process ended.
                    }
                });
                reader.start();
            } finally {
                kit.destroy();
                assertTrue(kit.waitFor(30, TimeUnit.SECONDS));
            }
            assertEquals(143, kit.exitValue(), "SIGTERM ends the JVM with 143, which the unit counts as success");
        }
    }
}
