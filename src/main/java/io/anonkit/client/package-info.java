/**
 * Who a client is (its address, believed from a trusted front proxy's {@code X-Forwarded-For} only) and how much of the
 * gateway one client may use, counted in tables of fixed size whatever the number of clients.
 */
package io.anonkit.client;
