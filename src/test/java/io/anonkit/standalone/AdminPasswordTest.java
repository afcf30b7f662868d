package io.anonkit.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminPasswordTest {
    @TempDir
    Path home;

    @Test
    void aSavedHashMatchesOnlyItsPasswordAndHoldsNoTraceOfIt() throws Exception {
        AdminPassword.of("s3cret-Password").write(home.resolve(AdminPassword.FILE_NAME));
        AdminPassword read = AdminPassword.read(home.resolve(AdminPassword.FILE_NAME));
        assertTrue(read.matches("s3cret-Password"));
        assertTrue(read.matches("s3cret-Password"), "again, from the memory digest");
        assertFalse(read.matches("s3cret-password"));
        assertFalse(read.matches(""));
        String file = Files.readString(home.resolve(AdminPassword.FILE_NAME));
        assertFalse(file.contains("s3cret"), file);
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(AdminPassword.FILE_NAME))));
    }

    @Test
    void aConfiguredPasswordMatchesOnlyItselfAndCannotBeWritten() {
        AdminPassword configured = AdminPassword.configured("env-Password-123");
        assertTrue(configured.matches("env-Password-123"));
        assertFalse(configured.matches("env-Password-124"));
        assertFalse(configured.matches(""));
        assertTrue(configured.matches("env-Password-123"), "still recognised after a failure");
        assertThrows(IllegalStateException.class, () -> configured.write(home.resolve(AdminPassword.FILE_NAME)));
    }

    @Test
    void aBrokenHashFileStopsTheStartWithTheFix() throws Exception {
        Files.writeString(home.resolve(AdminPassword.FILE_NAME), "plain-text-password\n");
        IOException e =
                assertThrows(IOException.class, () -> AdminPassword.read(home.resolve(AdminPassword.FILE_NAME)));
        assertEquals(
                home.resolve(AdminPassword.FILE_NAME) + " is not an admin password hash; remove it to have a new"
                        + " password generated",
                e.getMessage());
    }

    @Test
    void generatedPasswordsDiffer() {
        assertFalse(AdminPassword.generate().equals(AdminPassword.generate()));
        assertTrue(AdminPassword.generate().matches("[A-Za-z2-9]{24}"));
    }

    @Test
    void aShortConfiguredPasswordWorksWithAWarningAndIsNotSaved() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AdminPassword password = AdminCredentials.resolve(
                Map.of("ANONKIT_ADMIN_PASSWORD", "short"),
                new Properties(),
                home,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertTrue(password.matches("short"));
        assertEquals(
                "qlik-anon-kit warning: ANONKIT_ADMIN_PASSWORD has fewer than 12 characters; use a longer password\n",
                out.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(home.resolve(AdminPassword.FILE_NAME)));
    }
}
