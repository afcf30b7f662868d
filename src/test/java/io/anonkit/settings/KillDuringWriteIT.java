package io.anonkit.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.SettingsWriter;
import io.anonkit.testing.TestProcesses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a process in the middle of saving settings, many times at random moments, and checks that the saved
 * file is always one complete document, never a mix or a fragment, and that the audit trail still reads.
 */
class KillDuringWriteIT {
    private static final int TRIALS = 30;

    @TempDir
    Path home;

    @Test
    void aKilledWriterLeavesTheOldOrTheNewDocumentNeverAPartialOne() throws Exception {
        Random random = new Random(20261124L);
        Set<Settings> complete = Set.of(SettingsWriter.first(), SettingsWriter.second());
        int seenFirst = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Process writer = TestProcesses.start(new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            SettingsWriter.class.getName(),
                            home.toString())
                    .redirectErrorStream(true));
            BufferedReader output =
                    new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            String line = output.readLine();
            assertEquals(SettingsWriter.STARTED, line, "the writer did not start");
            Thread.sleep(random.nextInt(40));
            writer.destroyForcibly();
            assertTrue(writer.waitFor(20, TimeUnit.SECONDS));
            assertEquals(137, writer.exitValue(), "killed by SIGKILL");

            FileSettingsRepository repository = new FileSettingsRepository(home);
            Settings saved =
                    SettingsParser.parse(repository.load().orElseThrow().values()::get);
            assertTrue(complete.contains(saved), "trial " + trial + ": a document that was never written: " + saved);
            seenFirst += saved.equals(SettingsWriter.first()) ? 1 : 0;
            List<AuditEntry> trail = repository.auditTrail(5);
            assertTrue(!trail.isEmpty() && trail.get(0).actor().equals("writer"), "trial " + trial + ": " + trail);
        }
        assertTrue(
                seenFirst > 0 && seenFirst < TRIALS,
                "kills landed at different points: first document " + seenFirst + " of " + TRIALS + " times");
        try (var files = Files.list(home)) {
            assertEquals(
                    List.of("audit.jsonl", "settings.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "loading removed the temporary files of killed writes");
        }
    }
}
