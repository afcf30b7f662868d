package io.anonkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code docs/refusals.md} lists every answer of {@link Refusals}, with its status, reason label and words. */
class RefusalsDocTest {
    private static final Path DOC = Path.of("docs", "refusals.md");

    /** The table row of {@code answer} as the page shows it. */
    static String row(Refusals answer) {
        String status = answer.status() == 0 ? "Qlik's (502 outside 400–599)" : String.valueOf(answer.status());
        String counted =
                answer.reason().map(reason -> "`" + reason.label() + "`").orElse("failure");
        return "| `" + answer.name() + "` | " + status + " | " + counted + " | "
                + answer.message().replace("%s", "…").replace("|", "\\|") + " |";
    }

    @Test
    void thePageListsEveryAnswerWithItsStatusReasonAndWords() throws Exception {
        List<String> documented = Files.readAllLines(DOC).stream()
                .filter(line -> line.startsWith("| `"))
                .toList();
        List<String> expected =
                Arrays.stream(Refusals.values()).map(RefusalsDocTest::row).toList();
        assertEquals(
                expected.stream().collect(Collectors.joining("\n")),
                documented.stream().collect(Collectors.joining("\n")),
                "the table in " + DOC);
    }

    @Test
    void everyReasonIsCountedByAtLeastOneAnswerOrTheEngineFirewall() {
        for (RefusalReason reason : RefusalReason.values()) {
            boolean used = reason == RefusalReason.ENGINE
                    || Arrays.stream(Refusals.values())
                            .anyMatch(answer -> answer.reason().equals(java.util.Optional.of(reason)));
            assertTrue(used, reason + " is counted by no answer");
        }
    }

    @Test
    void aRefusalClosesTheConnectionExceptTheUnconfiguredKitAndIsCountedUnderItsReason() {
        for (Refusals answer : Refusals.values()) {
            Object[] parts = new Object[answer.message().split("%s", -1).length - 1];
            Arrays.fill(parts, "x");
            Refusal refusal = answer.with(parts);
            assertEquals(answer != Refusals.UNCONFIGURED, refusal.closesConnection(), answer.name());
            assertEquals(answer.reason(), refusal.countedAs(), answer.name());
            assertEquals(answer.message().replace("%s", "x"), refusal.message(), answer.name());
        }
    }
}
