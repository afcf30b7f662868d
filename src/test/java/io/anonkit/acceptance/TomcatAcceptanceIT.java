package io.anonkit.acceptance;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The acceptance suite against the WAR in Tomcat 10.1 from Maven Central, started by Cargo before the integration tests
 * with {@code deploy/tomcat/qlik-anon-kit.xml} as the context file: settings as system properties and as the context
 * file's JNDI environment entries, the admin role from Tomcat's user database behind its lock-out realm.
 */
@EnabledIfSystemProperty(named = "tomcat.url", matches = ".+")
class TomcatAcceptanceIT extends CargoTomcatSuite {
    @Override
    String prefix() {
        return "tomcat";
    }
}
