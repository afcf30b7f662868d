package io.anonkit.budget;

/**
 * One visitor engine session at Qlik, as Qlik keys it: the upstream, the app and the engine identity.
 *
 * @param upstream the Qlik virtual proxy's URL
 * @param app      the app id
 * @param identity the identity sent to Qlik
 */
public record EngineSession(String upstream, String app, String identity) {}
