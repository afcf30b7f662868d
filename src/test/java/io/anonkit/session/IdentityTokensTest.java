package io.anonkit.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.settings.SessionSettings.SelectionScope;
import io.anonkit.settings.SigningKey;
import io.anonkit.testing.MemorySettingsRepository;
import io.anonkit.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityTokensTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final MemorySettingsRepository repository = new MemorySettingsRepository();
    private final IdentityTokens tokens = new IdentityTokens(repository, clock);

    @Test
    void anIssuedTokenVerifiesForItsScopeOnlyAndQlikSeesItsRandomPart() {
        String token = tokens.issue(SelectionScope.VISITOR);
        Optional<String> identity = tokens.verify(token, SelectionScope.VISITOR);
        assertTrue(identity.isPresent());
        assertEquals(token.split("\\.")[2], identity.get());
        assertEquals(Optional.empty(), tokens.verify(token, SelectionScope.VIEW));
        assertEquals(Optional.empty(), tokens.verify(token, SelectionScope.SHARED));
        assertNotEquals(identity, tokens.verify(tokens.issue(SelectionScope.VISITOR), SelectionScope.VISITOR));
        assertThrows(IllegalArgumentException.class, () -> tokens.issue(SelectionScope.SHARED));
    }

    @Test
    void anotherNodeSharingTheKeysAcceptsTheToken() {
        String token = tokens.issue(SelectionScope.VIEW);
        IdentityTokens otherNode = new IdentityTokens(repository, clock);
        assertEquals(tokens.verify(token, SelectionScope.VIEW), otherNode.verify(token, SelectionScope.VIEW));
        IdentityTokens strangerNode = new IdentityTokens(new MemorySettingsRepository(), clock);
        assertEquals(Optional.empty(), strangerNode.verify(token, SelectionScope.VIEW), "keys of its own");
    }

    @Test
    void aTokenExpiresAfterItsLifetime() {
        String token = tokens.issue(SelectionScope.VISITOR);
        clock.advance(IdentityTokens.LIFETIME.minusSeconds(1));
        assertTrue(tokens.verify(token, SelectionScope.VISITOR).isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), tokens.verify(token, SelectionScope.VISITOR));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "v",
                "forged",
                "v.zzzzzzzz.0123456789abcdef.01234567.AAAAAAAAAAAAAAAAAAAAAA",
                "v.m3k2a1b.0123456789ABCDEF.01234567.AAAAAAAAAAAAAAAAAAAAAA",
                "x.m3k2a1b.0123456789abcdef.01234567.AAAAAAAAAAAAAAAAAAAAAA"
            })
    void malformedTokensAreRefused(String token) {
        tokens.issue(SelectionScope.VISITOR);
        assertEquals(Optional.empty(), tokens.verify(token, SelectionScope.VISITOR));
    }

    @Test
    void changingAnyPartOfATokenBreaksItsSignature() {
        String token = tokens.issue(SelectionScope.VISITOR);
        String[] parts = token.split("\\.");
        String later = Long.toString(Long.parseLong(parts[1], 36) + 86_400, 36);
        String otherIdentity = (parts[2].charAt(0) == '0' ? "1" : "0") + parts[2].substring(1);
        for (String forged : new String[] {
            String.join(".", "w", parts[1], parts[2], parts[3], parts[4]),
            String.join(".", parts[0], later, parts[2], parts[3], parts[4]),
            String.join(".", parts[0], parts[1], otherIdentity, parts[3], parts[4]),
            String.join(
                    ".",
                    parts[0],
                    parts[1],
                    parts[2],
                    parts[3],
                    (parts[4].charAt(0) == 'A' ? "B" : "A") + parts[4].substring(1)),
            token + "x",
        }) {
            assertEquals(Optional.empty(), tokens.verify(forged, SelectionScope.VISITOR), forged);
            assertEquals(Optional.empty(), tokens.verify(forged, SelectionScope.VIEW), forged);
        }
    }

    @Test
    void keysRotateAndATokenOfAForgottenKeyIsRefusedEvenWithAValidSignature() {
        String first = tokens.issue(SelectionScope.VISITOR);
        String firstKey = first.split("\\.")[3];
        clock.advance(IdentityTokens.ROTATION.plusSeconds(1));
        String second = tokens.issue(SelectionScope.VISITOR);
        assertNotEquals(firstKey, second.split("\\.")[3], "a new key signs after the rotation period");
        SigningKey old = repository.signingKeys().stream()
                .filter(k -> k.id().equals(firstKey))
                .findFirst()
                .orElseThrow();
        // A replayed token signed with the old key, with an expiry the attacker would like: valid while the key is
        // known.
        String replay = sign(
                old,
                "v." + Long.toString(clock.instant().plus(Duration.ofHours(1)).getEpochSecond(), 36)
                        + ".0123456789abcdef." + firstKey);
        assertTrue(
                tokens.verify(replay, SelectionScope.VISITOR).isPresent(), "within the overlap the old key verifies");
        clock.set(old.created()
                .plus(IdentityTokens.ROTATION)
                .plus(IdentityTokens.LIFETIME)
                .plusSeconds(1));
        assertEquals(Optional.empty(), tokens.verify(replay, SelectionScope.VISITOR), "past the overlap it is refused");
        clock.advance(IdentityTokens.ROTATION);
        tokens.issue(SelectionScope.VISITOR);
        assertTrue(
                repository.signingKeys().stream().noneMatch(k -> k.id().equals(firstKey)),
                "and forgotten at the next rotation");
    }

    /** A token signed as the kit signs, for a replay with a key the test took from the repository. */
    private static String sign(SigningKey key, String payload) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.bytes(), "HmacSHA256"));
            byte[] full = mac.doFinal(payload.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return payload + "."
                    + java.util.Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(java.util.Arrays.copyOf(full, 16));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
