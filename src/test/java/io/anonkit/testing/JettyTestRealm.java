package io.anonkit.testing;

import org.jboss.shrinkwrap.api.asset.StringAsset;

/**
 * A {@code WEB-INF/jetty-ee10-web.xml} for WARs that tests deploy into embedded Jetty: the realm {@code web.xml} names,
 * with no users. Jetty refuses to start a web application whose {@code login-config} has no login service; a real Jetty
 * base configures its own (see {@code deploy/}).
 */
public final class JettyTestRealm {
    private JettyTestRealm() {}

    /** The descriptor, to add as {@code WEB-INF/jetty-ee10-web.xml}. */
    public static StringAsset descriptor() {
        return new StringAsset("""
                <?xml version="1.0"?>
                <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                <Configure class="org.eclipse.jetty.ee10.webapp.WebAppContext">
                  <Get name="securityHandler">
                    <Set name="loginService">
                      <New class="org.eclipse.jetty.security.HashLoginService">
                        <Arg>qlik-anon-kit admin</Arg>
                        <Call name="setUserStore"><Arg><New class="org.eclipse.jetty.security.UserStore"/></Arg></Call>
                      </New>
                    </Set>
                  </Get>
                </Configure>
                """);
    }
}
