/**
 * Connects the kit's settings to pages: the defaults of the Faces tags and the Content-Security-Policy of the kit's
 * own pages.
 */
package io.anonkit.embedding;
