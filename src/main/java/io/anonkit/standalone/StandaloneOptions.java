package io.anonkit.standalone;

import io.anonkit.home.HomeFolder;
import io.anonkit.log.SafeText;
import io.anonkit.settings.DurationText;
import io.anonkit.settings.SettingKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The standalone server's own start-up settings: port, bind address and context path, read from the environment
 * first, then from system properties, with the defaults of {@link SettingKey}.
 *
 * @param port        the HTTP port; 0 picks a free one
 * @param bindAddress the address to listen on
 * @param contextPath the context path of the kit
 * @param home        the kit's home folder
 * @param managementPort        the management port, or -1 for none
 * @param managementBindAddress the address the management port listens on
 * @param accessLog   the access log's format, or empty for none
 * @param accessLogRetainDays days its daily files are kept
 * @param shutdownDrain how long the server serves, unready, after it is told to stop
 */
record StandaloneOptions(
        int port,
        String bindAddress,
        String contextPath,
        Path home,
        int managementPort,
        String managementBindAddress,
        java.util.Optional<AccessLog.Format> accessLog,
        int accessLogRetainDays,
        java.time.Duration shutdownDrain) {

    /** Reads and validates the options, naming every invalid one. */
    static StandaloneOptions read(Map<String, String> environment, Properties properties) {
        List<String> errors = new ArrayList<>();
        String portText = value(SettingKey.PORT, environment, properties);
        int port = -1;
        if (portText.matches("\\d{1,5}")) {
            port = Integer.parseInt(portText);
        }
        if (port < 0 || port > 65535) {
            errors.add(SettingKey.PORT.environmentVariable() + ": " + SafeText.quote(portText)
                    + " is not a port; expected a number from 0 (any free port) to 65535");
        }
        String bind = value(SettingKey.BIND_ADDRESS, environment, properties);
        if (bind.isEmpty() || !bind.matches("[A-Za-z0-9.:\\-\\[\\]%]+")) {
            errors.add(SettingKey.BIND_ADDRESS.environmentVariable() + ": " + SafeText.quote(bind)
                    + " is not an address; expected an IP address or host name, such as 127.0.0.1 or 0.0.0.0");
        }
        String managementText = value(SettingKey.MANAGEMENT_PORT, environment, properties);
        int managementPort = -1;
        if (!managementText.isEmpty()) {
            managementPort = managementText.matches("\\d{1,5}") ? Integer.parseInt(managementText) : -1;
            if (managementPort < 0 || managementPort > 65535) {
                errors.add(SettingKey.MANAGEMENT_PORT.environmentVariable() + ": " + SafeText.quote(managementText)
                        + " is not a port; expected a number from 0 (any free port) to 65535, or nothing for no"
                        + " management port");
            }
        }
        String managementBind = value(SettingKey.MANAGEMENT_BIND_ADDRESS, environment, properties);
        if (managementBind.isEmpty() || !managementBind.matches("[A-Za-z0-9.:\\-\\[\\]%]+")) {
            errors.add(SettingKey.MANAGEMENT_BIND_ADDRESS.environmentVariable() + ": " + SafeText.quote(managementBind)
                    + " is not an address; expected an IP address or host name, such as 127.0.0.1");
        }
        String accessLogText =
                value(SettingKey.ACCESS_LOG, environment, properties).toLowerCase(java.util.Locale.ROOT);
        java.util.Optional<AccessLog.Format> accessLog = java.util.Optional.empty();
        switch (accessLogText) {
            case "common" -> accessLog = java.util.Optional.of(AccessLog.Format.COMMON);
            case "json" -> accessLog = java.util.Optional.of(AccessLog.Format.JSON);
            case "off" -> accessLog = java.util.Optional.empty();
            default ->
                errors.add(SettingKey.ACCESS_LOG.environmentVariable() + ": " + SafeText.quote(accessLogText)
                        + " is not an access log format; expected one of common, json, off");
        }
        String retainText = value(SettingKey.ACCESS_LOG_RETAIN_DAYS, environment, properties);
        int retainDays = retainText.matches("\\d{1,4}") ? Integer.parseInt(retainText) : -1;
        if (retainDays < 1) {
            errors.add(SettingKey.ACCESS_LOG_RETAIN_DAYS.environmentVariable() + ": " + SafeText.quote(retainText)
                    + " is not a number of days; expected a whole number from 1 to 9999");
        }
        String drainText = value(SettingKey.SHUTDOWN_DRAIN, environment, properties);
        SettingKey.Type.Span drainRange = (SettingKey.Type.Span) SettingKey.SHUTDOWN_DRAIN.type();
        java.util.Optional<java.time.Duration> drain =
                DurationText.parse(drainText).filter(span -> span.compareTo(drainRange.max()) <= 0);
        if (drain.isEmpty()) {
            errors.add(SettingKey.SHUTDOWN_DRAIN.environmentVariable() + ": " + SafeText.quote(drainText)
                    + " is not a duration from " + DurationText.format(drainRange.min()) + " to "
                    + DurationText.format(drainRange.max()) + "; expected a whole number and a unit (ms, s, m or h),"
                    + " such as 10s");
        }
        String context = value(SettingKey.CONTEXT_PATH, environment, properties);
        if (!context.equals("/") && !context.matches("(/[A-Za-z0-9._~-]+)+")) {
            errors.add(
                    SettingKey.CONTEXT_PATH.environmentVariable() + ": " + SafeText.quote(context)
                            + " is not a context path; expected / or segments of letters, digits and . _ ~ -, such as /analytics");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join(System.lineSeparator(), errors));
        }
        String home = value(SettingKey.HOME, environment, properties);
        return new StandaloneOptions(
                port,
                bind,
                context,
                HomeFolder.of(home, properties.getProperty("user.home")),
                managementPort,
                managementBind,
                accessLog,
                retainDays,
                drain.orElseThrow());
    }

    private static String value(SettingKey key, Map<String, String> environment, Properties properties) {
        String value = environment.get(key.environmentVariable());
        if (value == null) {
            value = properties.getProperty(key.property());
        }
        return value == null ? key.defaultValue() : value.trim();
    }
}
