/**
 * The standalone server: the kit's WAR on embedded Eclipse Jetty 12 (ee10) with CDI, started by
 * {@code java -jar qlik-anon-kit.war}.
 */
package io.anonkit.standalone;
