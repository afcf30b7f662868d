package io.anonkit.acceptance;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The acceptance suite against the same WAR in Tomcat 11 (Jakarta EE 11: Servlet 6.1) from Maven Central, started by
 * Cargo next to Tomcat 10.1 with the same context file and users: one WAR, built against Servlet 6.0 and Faces 4.0,
 * for Jakarta EE 10 and 11 containers.
 */
@EnabledIfSystemProperty(named = "tomcat11.url", matches = ".+")
class Tomcat11AcceptanceIT extends CargoTomcatSuite {
    @Override
    String prefix() {
        return "tomcat11";
    }
}
