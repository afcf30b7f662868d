/** The session pool of a cluster: every node's pooled Qlik sessions in one table of the shared database. */
package io.anonkit.session.jdbc;
