package io.anonkit.acceptance;

import io.anonkit.testing.QlikStandIn;
import java.net.URI;
import java.util.Optional;

/**
 * A Tomcat that Cargo started before the integration tests with {@code deploy/tomcat/qlik-anon-kit.xml} as the context
 * file and two users (one with the admin role, one without), found through the system properties
 * {@code <prefix>.url} and {@code <prefix>.standin.port}.
 */
abstract class CargoTomcatSuite extends AcceptanceSuite {
    /** The prefix of the leg's system properties, such as {@code tomcat}. */
    abstract String prefix();

    @Override
    int standInPort() {
        return Integer.parseInt(System.getProperty(prefix() + ".standin.port"));
    }

    @Override
    ServerLeg start(QlikStandIn qlik) {
        return new ServerLeg(
                URI.create(System.getProperty(prefix() + ".url")),
                "public-visitor",
                new ServerLeg.Credentials("tomcat-admin", "tomcat-admin-pw"),
                Optional.of(new ServerLeg.Credentials("tomcat-viewer", "tomcat-viewer-pw")));
    }
}
