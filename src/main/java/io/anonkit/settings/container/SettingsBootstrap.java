package io.anonkit.settings.container;

import io.anonkit.database.DatabaseConnections;
import io.anonkit.database.DatabaseNotifications;
import io.anonkit.home.HomeFolder;
import io.anonkit.settings.FileSettingsRepository;
import io.anonkit.settings.InvalidSettingsException;
import io.anonkit.settings.SavedSettings;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsParser;
import io.anonkit.settings.SettingsRepository;
import io.anonkit.settings.SettingsStore;
import io.anonkit.settings.SettingsWarnings;
import io.anonkit.settings.jdbc.JdbcSettingsRepository;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the application's {@link SettingsStore} when the web application starts, and fails the start-up if any setting
 * is invalid or unknown (fail closed: a gateway with a wrong identity setting must not serve).
 *
 * <p>Initial values come from {@link InitialValues}; saved values win over them. They are saved in
 * {@code $ANONKIT_HOME/settings.json}, or in a shared database when {@code ANONKIT_DATABASE_URL} or
 * {@code ANONKIT_DATABASE_JNDI} names one; then a {@link SettingsRefresher} takes other nodes' changes when
 * {@link DatabaseNotifications} hears of them, and by polling.
 * One log line per setting says its value (secrets masked) and where it came from. Declare this listener first in
 * {@code web.xml}.
 */
public final class SettingsBootstrap implements ServletContextListener {
    private static final Logger LOG = System.getLogger(SettingsBootstrap.class.getName());
    private SettingsRefresher refresher;
    private DatabaseNotifications notifications;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        InitialValues initial =
                InitialValues.read(System.getenv(), systemProperties(), JndiEntries.read(), contextParameters(context));
        Path home = home(initial);
        Optional<DatabaseConnections.Named> database = DatabaseConnections.from(
                key -> initial.get(key).map(SourcedValue::text).orElse(null));
        SettingsRepository repository = database.<SettingsRepository>map(
                        named -> new JdbcSettingsRepository(named.source(), named.description()))
                .orElseGet(() -> new FileSettingsRepository(home));
        Optional<SavedSettings> saved = repository.load();
        Map<SettingKey, SourcedValue> values = merge(initial, saved);
        Settings settings;
        try {
            settings = SettingsParser.parse(key ->
                    Optional.ofNullable(values.get(key)).map(SourcedValue::text).orElse(null));
        } catch (InvalidSettingsException e) {
            throw new IllegalStateException("qlik-anon-kit cannot start: " + describe(e, values), e);
        }
        logSources(settings, values, repository);
        SettingsStore store = new SettingsStore(
                settings, saved.map(SavedSettings::revision).orElse(0L), repository, Clock.systemUTC());
        CdiSettingsEvents.forward(store);
        context.setAttribute(SettingsStore.ATTRIBUTE, store);
        context.setAttribute(HomeFolder.ATTRIBUTE, home);
        database.ifPresent(named -> context.setAttribute(DatabaseConnections.ATTRIBUTE, named));
        if (repository.shared()) {
            refresher = SettingsRefresher.start(store);
            database.ifPresent(named -> notifications = DatabaseNotifications.start(
                    named.source(), named.description(), JdbcSettingsRepository.CHANNEL, refresher::refreshNow));
            if (notifications != null) {
                DatabaseNotifications listener = notifications;
                context.setAttribute(
                        DatabaseNotifications.LISTENING_ATTRIBUTE_PREFIX + listener.channel(),
                        (java.util.function.BooleanSupplier) listener::listening);
            }
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (notifications != null) {
            notifications.close();
        }
        if (refresher != null) {
            refresher.close();
        }
    }

    /** The kit's home folder, with a leading {@code ~} meaning the user's home. */
    static Path home(InitialValues initial) {
        String text = initial.get(SettingKey.HOME).map(SourcedValue::text).orElse(SettingKey.HOME.defaultValue());
        return HomeFolder.of(text, System.getProperty("user.home"));
    }

    private static Map<SettingKey, SourcedValue> merge(InitialValues initial, Optional<SavedSettings> saved) {
        Map<SettingKey, SourcedValue> values = new EnumMap<>(SettingKey.class);
        values.putAll(initial.all());
        saved.ifPresent(document -> document.values()
                .forEach((key, text) ->
                        values.put(key, new SourcedValue(text, SettingSource.SAVED, key.documentKey()))));
        return values;
    }

    private static String describe(InvalidSettingsException e, Map<SettingKey, SourcedValue> values) {
        StringBuilder out = new StringBuilder();
        e.errors().forEach((key, message) -> {
            SourcedValue value = values.get(key);
            String origin = value == null ? "default" : value.source().description() + " " + value.name();
            out.append(System.lineSeparator())
                    .append("  ")
                    .append(key.environmentVariable())
                    .append(" (")
                    .append(key.property())
                    .append(", from ")
                    .append(origin)
                    .append("): ")
                    .append(message);
        });
        return out.toString();
    }

    private static void logSources(
            Settings settings, Map<SettingKey, SourcedValue> values, SettingsRepository repository) {
        StringBuilder out = new StringBuilder("qlik-anon-kit settings (saved settings: ")
                .append(repository.location())
                .append(')');
        settings.values().forEach((key, text) -> {
            SourcedValue value = values.get(key);
            String origin = value == null
                    ? SettingSource.DEFAULT.description()
                    : value.source().description() + " " + value.name();
            out.append(System.lineSeparator())
                    .append("  ")
                    .append(key.property())
                    .append(" = ")
                    .append(key.displayValue(text))
                    .append("  [")
                    .append(origin)
                    .append(']');
        });
        LOG.log(Level.INFO, out.toString());
        SettingsWarnings.of(settings).forEach((key, warning) -> LOG.log(Level.WARNING, key.named() + ": " + warning));
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(name -> properties.put(name, System.getProperty(name)));
        return properties;
    }

    private static Map<String, String> contextParameters(ServletContext context) {
        Map<String, String> parameters = new HashMap<>();
        Collections.list(context.getInitParameterNames())
                .forEach(name -> parameters.put(name, context.getInitParameter(name)));
        return parameters;
    }
}
