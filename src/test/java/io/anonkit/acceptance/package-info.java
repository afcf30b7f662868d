/**
 * One acceptance suite, run against the WAR in every supported server: the standalone run, the Jetty 12 distribution,
 * Tomcat 10.1 and WildFly.
 */
package io.anonkit.acceptance;
