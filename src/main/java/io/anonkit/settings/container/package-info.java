/**
 * Wiring of the settings into the container: the start-up listener that reads the initial values (environment, system
 * properties, JNDI entries, context parameters), picks the file or the shared database, publishes the store, forwards
 * changes as CDI events, polls other nodes' changes and makes the store injectable.
 */
package io.anonkit.settings.container;
