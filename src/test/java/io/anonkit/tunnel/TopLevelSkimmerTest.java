package io.anonkit.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading an engine message too long to hold for its id and the handles it closes, part by part. */
class TopLevelSkimmerTest {
    private static TopLevelSkimmer skim(String message, int partLength) {
        TopLevelSkimmer skimmer = new TopLevelSkimmer();
        for (int i = 0; i < message.length(); i += partLength) {
            skimmer.read(message.substring(i, Math.min(message.length(), i + partLength)));
        }
        return skimmer;
    }

    @Test
    void findsTheTopLevelIdAndCloseListWhereverThePartsEnd() {
        String message =
                "{\"jsonrpc\":\"2.0\",\"id\":4711,\"result\":{\"qLayout\":{\"close\":[99],\"id\":5,\"t\":\"a\\\"],\\\"close\\\":[7]\"}},"
                        + "\"change\":[3],\"close\":[12, 13 ,-1]}";
        for (int part = 1; part <= message.length(); part++) {
            TopLevelSkimmer skimmer = skim(message, part);
            assertTrue(skimmer.finish(), "parts of " + part);
            assertEquals(OptionalLong.of(4711), skimmer.id(), "parts of " + part);
            assertEquals(List.of(12, 13, -1), skimmer.closed(), "only the top-level list, parts of " + part);
        }
    }

    @Test
    void aMessageWithoutIdOrCloseListGivesNeither() {
        TopLevelSkimmer skimmer =
                skim("{\"jsonrpc\":\"2.0\",\"method\":\"OnConnected\",\"params\":{\"qSessionState\":\"x\"}}", 7);
        assertTrue(skimmer.finish());
        assertEquals(OptionalLong.empty(), skimmer.id());
        assertEquals(List.of(), skimmer.closed());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"id\":1,\"close\":[\"1\"]}", "{\"id\":1,\"close\":[[1]]}", "{\"id\":1,\"close\":[1.5]}",
                "{\"id\":1e3,\"close\":[]}", "{\"id\":1,\"close\":[99999999999999999999]}", "{\"id\":1,\"close\":[1]",
                "{\"id\":1,\"close\":[1]}}", "{\"id\":1,\"close\":[1],\"t\":\"unterminated}",
            })
    void whatItCannotReadAsTheEngineWritesIsNotTrusted(String message) {
        assertFalse(skim(message, 3).finish(), message);
    }
}
