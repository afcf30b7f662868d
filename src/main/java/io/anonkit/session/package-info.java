/**
 * Sharing Qlik sessions among anonymous visitors: the server-side pool of Qlik proxy sessions, and the engine
 * identities that decide who shares selections.
 */
package io.anonkit.session;
