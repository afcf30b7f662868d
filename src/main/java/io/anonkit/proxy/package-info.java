/**
 * The reverse proxy in front of the Qlik virtual proxy: target mapping, header copying with the single injected
 * identity, cookie and redirect rewriting, upstream clients and their TLS trust.
 */
package io.anonkit.proxy;
