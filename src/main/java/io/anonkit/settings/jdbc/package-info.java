/** Settings and their audit trail kept in a database that several kit nodes share (PostgreSQL). */
package io.anonkit.settings.jdbc;
