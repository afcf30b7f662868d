/**
 * The identity gateway's decisions and its front door: which client headers are stripped, which single identity is
 * injected, and the servlet filter that hides every client copy of a reserved header.
 */
package io.anonkit.identity;
