package io.anonkit.settings.container;

import io.anonkit.settings.SettingKey;
import java.util.HashMap;
import java.util.Map;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameClassPair;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;

/**
 * The web application's JNDI environment entries whose names start with {@code anonkit.}, such as Tomcat's
 * {@code <Environment name="anonkit.upstream" value="..." type="java.lang.String"/>} or a {@code <env-entry>}. A
 * container without JNDI has none.
 */
final class JndiEntries {
    /** Where a web application's environment entries live. */
    static final String ENVIRONMENT = "java:comp/env";

    private JndiEntries() {}

    /** The entries, by name (without {@code java:comp/env/}), with their values as text. */
    static Map<String, String> read() {
        Map<String, String> entries = new HashMap<>();
        try {
            Context environment = (Context) new InitialContext().lookup(ENVIRONMENT);
            NamingEnumeration<NameClassPair> names = environment.list("");
            while (names.hasMore()) {
                String name = names.next().getName();
                if (name.startsWith(SettingKey.PROPERTY_PREFIX)) {
                    Object value = environment.lookup(name);
                    entries.put(name, value == null ? null : value.toString());
                }
            }
        } catch (NamingException | ClassCastException e) {
            // No JNDI, or no environment: the other sources apply.
        }
        return entries;
    }
}
