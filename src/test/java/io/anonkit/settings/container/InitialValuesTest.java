package io.anonkit.settings.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.anonkit.settings.SettingKey;
import io.anonkit.settings.SettingsStore;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InitialValuesTest {
    @Test
    void environmentWinsOverSystemPropertiesWhichWinOverContextParameters() {
        InitialValues values = InitialValues.read(
                Map.of("ANONKIT_UPSTREAM", "https://env/hdr"),
                Map.of("anonkit.upstream", "https://sys/hdr", "anonkit.user.id", "sys-user"),
                Map.of(),
                Map.of(
                        "anonkit.upstream",
                        "https://ctx/hdr",
                        "anonkit.user.id",
                        "ctx-user",
                        "anonkit.user.directory",
                        "CTX"));
        assertEquals(
                Optional.of(new SourcedValue("https://env/hdr", SettingSource.ENVIRONMENT, "ANONKIT_UPSTREAM")),
                values.get(SettingKey.UPSTREAM));
        assertEquals(
                Optional.of(new SourcedValue("sys-user", SettingSource.SYSTEM_PROPERTY, "anonkit.user.id")),
                values.get(SettingKey.USER_ID));
        assertEquals(
                Optional.of(new SourcedValue("CTX", SettingSource.CONTEXT_PARAMETER, "anonkit.user.directory")),
                values.get(SettingKey.USER_DIRECTORY));
        assertEquals(Optional.empty(), values.get(SettingKey.IDENTITY_MODE));
    }

    @Test
    void jndiEntriesComeAfterSystemPropertiesAndBeforeContextParameters() {
        InitialValues values = InitialValues.read(
                Map.of(),
                Map.of("anonkit.user.id", "sys-user"),
                Map.of("anonkit.user.id", "jndi-user", "anonkit.user.directory", "JNDI", "anonkit.app.id", "jndi-app"),
                Map.of("anonkit.user.directory", "CTX", "anonkit.demo.sheet.id", "ctx-sheet"));
        assertEquals(
                Optional.of(new SourcedValue("sys-user", SettingSource.SYSTEM_PROPERTY, "anonkit.user.id")),
                values.get(SettingKey.USER_ID));
        assertEquals(
                Optional.of(new SourcedValue("JNDI", SettingSource.JNDI_ENTRY, "anonkit.user.directory")),
                values.get(SettingKey.USER_DIRECTORY));
        assertEquals(
                Optional.of(new SourcedValue("ctx-sheet", SettingSource.CONTEXT_PARAMETER, "anonkit.demo.sheet.id")),
                values.get(SettingKey.DEMO_SHEET_ID));
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> InitialValues.read(Map.of(), Map.of(), Map.of("anonkit.usr.id", "x"), Map.of()));
        assertEquals(true, e.getMessage().contains("'anonkit.usr.id' (JNDI environment entry)"), e.getMessage());
    }

    @Test
    void unknownNamesWithTheKitsPrefixStopTheStartUp() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> InitialValues.read(
                        Map.of("ANONKIT_UPSTREEM", "x", "PATH", "/bin"),
                        Map.of("anonkit.identity", "x", "java.home", "/j"),
                        Map.of(),
                        Map.of()));
        assertEquals(true, e.getMessage().startsWith("unknown settings "), e.getMessage());
        assertEquals(true, e.getMessage().contains("'ANONKIT_UPSTREEM' (environment variable)"), e.getMessage());
        assertEquals(true, e.getMessage().contains("'anonkit.identity' (system property)"), e.getMessage());
        assertEquals(true, e.getMessage().contains("ANONKIT_UPSTREAM/anonkit.upstream"), "lists the known names");
    }

    @Test
    void everyKeyHasThreeConsistentSpellings() {
        for (SettingKey key : SettingKey.values()) {
            assertEquals(Optional.of(key), SettingKey.byEnvironmentVariable(key.environmentVariable()));
            assertEquals(Optional.of(key), SettingKey.byProperty(key.property()));
            assertEquals(Optional.of(key), SettingKey.byDocumentKey(key.documentKey()));
            assertEquals(
                    key.environmentVariable(),
                    "ANONKIT_" + key.property().substring(8).replace('.', '_').toUpperCase(java.util.Locale.ROOT));
        }
    }

    @Test
    void theStoreNamesTheBootstrapListenerAsWebXmlDoes() {
        assertEquals(SettingsBootstrap.class.getName(), SettingsStore.BOOTSTRAP_LISTENER);
    }
}
