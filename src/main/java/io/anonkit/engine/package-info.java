/**
 * The engine firewall: inside an accepted engine WebSocket, each visitor message is parsed strictly, judged per
 * (object type, method) against the access profile, and forwarded re-serialised or answered with Qlik's access-denied
 * error; the engine's answers are read to know each handle's object type.
 */
package io.anonkit.engine;
