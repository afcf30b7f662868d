package io.anonkit.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.AdminClient;
import io.anonkit.testing.KitProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone admin login: a generated password shown once and kept as a hash, and throttled guessing. */
class AdminLoginIT {
    @TempDir
    Path home;

    @Test
    void withoutAConfiguredPasswordOneIsGeneratedPrintedOnceAndKeptOnlyAsAHash() throws Exception {
        String password;
        try (KitProcess first = KitProcess.start(home, Map.of())) {
            password = AdminApiIT.printedPassword(first.output());
            assertEquals(24, password.length());
            assertEquals(
                    200,
                    new AdminClient(first.baseUri(), "admin", password)
                            .get("admin/api/settings")
                            .statusCode());
        }
        String hash = Files.readString(home.resolve("admin-password.hash"));
        assertTrue(hash.startsWith("pbkdf2-sha256:310000:"), hash);
        assertFalse(hash.contains(password));
        try (KitProcess second = KitProcess.start(home, Map.of())) {
            assertFalse(second.output().contains("admin password"), second.output());
            assertFalse(second.output().contains(password), second.output());
            assertEquals(
                    200,
                    new AdminClient(second.baseUri(), "admin", password)
                            .get("admin/api/settings")
                            .statusCode());
            assertEquals(
                    401,
                    new AdminClient(second.baseUri(), "admin", password + "x")
                            .get("admin/api/settings")
                            .statusCode());
        }
    }

    @Test
    void afterFiveWrongPasswordsTheAddressIsRefusedWith429EvenWithTheRightOne() throws Exception {
        try (KitProcess kit = KitProcess.start(home, Map.of("ANONKIT_ADMIN_PASSWORD", "a-long-admin-password"))) {
            AdminClient guesser = new AdminClient(kit.baseUri(), "admin", "guess");
            for (int i = 0; i < 5; i++) {
                assertEquals(401, guesser.get("admin/api/settings").statusCode(), "attempt " + (i + 1));
            }
            HttpResponse<String> refused =
                    new AdminClient(kit.baseUri(), "admin", "a-long-admin-password").get("admin/api/settings");
            assertEquals(429, refused.statusCode(), refused.body());
            long retryAfter =
                    Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 61, "Retry-After " + retryAfter);
            assertEquals(
                    200,
                    new AdminClient(kit.baseUri(), null, null).get("health").statusCode(),
                    "the rest of the kit is not throttled");
            assertFalse(kit.output().contains("a-long-admin-password"), kit.output());
        }
    }
}
