/**
 * The shared cache of Qlik's static assets (RFC 9111, HTTP Caching, for a shared cache): which answers may be stored
 * and for how long, what an answer's key holds, and the bounded store with one upstream fetch per key at a time.
 */
package io.anonkit.cache;
