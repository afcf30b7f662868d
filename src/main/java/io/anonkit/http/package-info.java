/**
 * The kit's HTTP vocabulary: header names as the kit compares them (skeletons, token syntax, the names Qlik and the kit
 * reserve) and the short plain-text error responses of the gateway.
 */
package io.anonkit.http;
