/**
 * Faces components for page authors: the qlik-embed loader script tag, {@code <qlik-embed>} elements and their
 * helpers, with their stateless renderers. Usable in any Faces 4.0 application; the kit supplies its defaults through
 * {@link io.anonkit.faces.EmbedDefaults}.
 */
package io.anonkit.faces;
