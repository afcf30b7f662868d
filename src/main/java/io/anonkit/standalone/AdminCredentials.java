package io.anonkit.standalone;

import io.anonkit.settings.SettingKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the standalone admin's password comes from: {@code ANONKIT_ADMIN_PASSWORD} (or {@code anonkit.admin.password})
 * when set; else the hash saved in the home folder; else a new random password, printed once on standard output and
 * saved only as a hash. Removing the hash file makes the next start generate a new password.
 */
final class AdminCredentials {
    /** Shortest password the kit accepts without a warning. */
    static final int RECOMMENDED_LENGTH = 12;
    /** Start of the line that shows a generated password. */
    static final String GENERATED =
            "qlik-anon-kit admin password for user 'admin' (shown once; only its hash is kept in ";

    private AdminCredentials() {}

    /** The admin's password hash; may print a generated password or a warning on {@code out}. */
    static AdminPassword resolve(Map<String, String> environment, Properties properties, Path home, PrintStream out)
            throws IOException {
        String configured = environment.get(SettingKey.ADMIN_PASSWORD.environmentVariable());
        if (configured == null) {
            configured = properties.getProperty(SettingKey.ADMIN_PASSWORD.property());
        }
        if (configured != null && !configured.isEmpty()) {
            if (configured.length() < RECOMMENDED_LENGTH) {
                out.println("qlik-anon-kit warning: " + SettingKey.ADMIN_PASSWORD.environmentVariable()
                        + " has fewer than " + RECOMMENDED_LENGTH + " characters; use a longer password");
            }
            return AdminPassword.configured(configured);
        }
        Path file = home.resolve(AdminPassword.FILE_NAME);
        if (Files.exists(file)) {
            return AdminPassword.read(file);
        }
        String password = AdminPassword.generate();
        AdminPassword hash = AdminPassword.of(password);
        hash.write(file);
        out.println(GENERATED + file + "): " + password);
        out.flush();
        return hash;
    }
}
