/**
 * Least privilege for anonymous visitors: the access profiles (which paths and methods, which apps' engines, which
 * engine identities), enforced or observed, and the count and list of what was refused.
 */
package io.anonkit.access;
