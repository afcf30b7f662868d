package io.anonkit.proxy;

/**
 * A request the gateway will not forward, with the status and the one-line message the client gets.
 *
 * @param status  the HTTP status
 * @param message the response body
 */
record RefusedRequest(int status, String message) {
}
