package io.anonkit.database;

import io.anonkit.log.SafeText;
import io.anonkit.settings.SettingKey;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.function.Function;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Finds the shared settings database from the start-up settings: a container's DataSource by JNDI name
 * ({@code ANONKIT_DATABASE_JNDI}), or else a JDBC URL with user and password ({@code ANONKIT_DATABASE_URL}). The JDBC
 * driver is looked up with the web application's class loader, so a driver in {@code WEB-INF/lib} (the WAR bundles
 * PostgreSQL's) works in any container.
 */
public final class DatabaseConnections {
    /** Servlet context attribute holding the {@link Named} connections of a kit that has a database. */
    public static final String ATTRIBUTE = DatabaseConnections.class.getName();

    private DatabaseConnections() {}

    /**
     * The connections the settings ask for, or empty when no database is configured.
     *
     * @param settings each start-up setting's text, or {@code null}
     * @throws IllegalStateException naming the setting when the DataSource or driver cannot be found
     */
    public static Optional<Named> from(Function<SettingKey, String> settings) {
        String jndi = text(settings, SettingKey.DATABASE_JNDI);
        if (!jndi.isEmpty()) {
            return Optional.of(new Named(lookup(jndi)::getConnection, "JNDI DataSource " + jndi));
        }
        String url = text(settings, SettingKey.DATABASE_URL);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        Driver driver = driverFor(url);
        Properties properties = new Properties();
        String user = text(settings, SettingKey.DATABASE_USER);
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
        }
        String password = text(settings, SettingKey.DATABASE_PASSWORD);
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        String shown = withoutPassword(url);
        return Optional.of(new Named(
                () -> {
                    var connection = driver.connect(url, properties);
                    if (connection == null) {
                        throw new SQLException("the JDBC driver refused " + shown);
                    }
                    return connection;
                },
                shown));
    }

    /**
     * Connections with a description for log lines, free of secrets.
     *
     * @param source      opens connections
     * @param description where they go
     */
    public record Named(ConnectionSource source, String description) {}

    /** The URL with a {@code password=} parameter masked, for messages. */
    private static String withoutPassword(String url) {
        return url.replaceAll("(?i)password=[^&;]*", "password=(secret)");
    }

    private static String text(Function<SettingKey, String> settings, SettingKey key) {
        String value = settings.apply(key);
        return value == null ? key.defaultValue() : value.trim();
    }

    private static DataSource lookup(String name) {
        try {
            Object found = new InitialContext().lookup(name);
            if (found instanceof DataSource dataSource) {
                return dataSource;
            }
            throw new IllegalStateException(SettingKey.DATABASE_JNDI.environmentVariable() + ": " + SafeText.quote(name)
                    + " names a " + found.getClass().getName() + ", not a javax.sql.DataSource");
        } catch (NamingException e) {
            throw new IllegalStateException(
                    SettingKey.DATABASE_JNDI.environmentVariable() + ": no DataSource at "
                            + SafeText.quote(name) + " (" + e.getMessage() + "); expected a JNDI name such as"
                            + " java:comp/env/jdbc/anonkit that the container binds",
                    e);
        }
    }

    private static Driver driverFor(String url) {
        ClassLoader loader = DatabaseConnections.class.getClassLoader();
        for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
            try {
                if (driver.acceptsURL(url)) {
                    return driver;
                }
            } catch (SQLException e) {
                // Not this driver.
            }
        }
        throw new IllegalStateException(SettingKey.DATABASE_URL.environmentVariable() + ": no JDBC driver accepts "
                + SafeText.quote(withoutPassword(url))
                + "; expected a URL such as jdbc:postgresql://db.example.com:5432/anonkit");
    }
}
