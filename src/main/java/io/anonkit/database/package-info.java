/**
 * The database that the nodes of a cluster share (PostgreSQL): where its connections come from, and notifications
 * that reach every node when one of them writes.
 */
package io.anonkit.database;
