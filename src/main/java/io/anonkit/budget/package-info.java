/**
 * The budget of visitor engine sessions at Qlik ({@code ANONKIT_ENGINE_SESSIONS}): how many distinct app and identity
 * pairs the kit lets hold an engine session of their own at once, on one node or across a cluster that shares a
 * database. A tunnel over the budget is not refused; the gateway sends it to the app's shared read-only view.
 */
package io.anonkit.budget;
