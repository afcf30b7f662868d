/**
 * Logging that is safe with untrusted input: quoting and truncating values, and rate-limiting repeated warnings.
 */
package io.anonkit.log;
