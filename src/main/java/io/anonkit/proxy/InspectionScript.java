package io.anonkit.proxy;

import io.anonkit.http.Ascii;

/**
 * What the inspection upstream answers a browser that asks for a script: a small script, not Qlik's, that warns in the
 * console that no Qlik server is connected (with the request the kit would have sent), marks the page with
 * {@code data-anonkit-inspection} and puts a visible note before each {@code <qlik-embed>}. Without it the loader would
 * run the JSON description as a script, fail with a syntax error and leave blank boxes, so working and broken would
 * look the same.
 */
final class InspectionScript {
    /** The note put before each {@code <qlik-embed>}. */
    static final String NOTE = "No Qlik server is connected: the kit runs with ANONKIT_UPSTREAM=inspect:, so this"
            + " analytics element stays empty. Set ANONKIT_UPSTREAM to your Qlik virtual proxy to see it.";

    private static final String LOADER_RUNTIME = "/qlik-embed/main.js";

    private InspectionScript() {}

    /** Whether a request for {@code requestUri} with this {@code Sec-Fetch-Dest} is for a script. */
    static boolean wanted(String requestUri, String fetchDestination) {
        return "script".equalsIgnoreCase(fetchDestination)
                || Ascii.lowerCase(requestUri).endsWith(LOADER_RUNTIME);
    }

    /** The script, carrying {@code description} (the JSON of the request the kit would have sent). */
    static String of(String description) {
        // JSON is a JavaScript expression; these escapes keep it one even where a line separator or "</" would not be.
        String literal =
                description.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        return "/* " + InspectionUpstream.BANNER + " */\n"
                + "(function (request) {\n"
                + "  console.warn('qlik-anon-kit: no Qlik server is connected (ANONKIT_UPSTREAM=inspect:); this script"
                + " stands in for ' + request.url + '. The kit would have sent:', request);\n"
                + "  if (typeof document === 'undefined') { return; }\n"
                + "  document.documentElement.setAttribute('data-anonkit-inspection', 'true');\n"
                + "  function note() {\n"
                + "    var embeds = document.querySelectorAll('qlik-embed');\n"
                + "    for (var i = 0; i < embeds.length; i++) {\n"
                + "      var before = embeds[i].previousElementSibling;\n"
                + "      if (before && before.className === 'anonkit-inspection') { continue; }\n"
                + "      var p = document.createElement('p');\n"
                + "      p.className = 'anonkit-inspection';\n"
                + "      p.setAttribute('role', 'note');\n"
                + "      p.textContent = " + jsString(NOTE) + ";\n"
                + "      p.style.cssText = 'background:#fff4d6;border:1px solid #d4a72c;padding:.4rem .6rem;margin:.3rem 0';\n"
                + "      embeds[i].parentNode.insertBefore(p, embeds[i]);\n"
                + "    }\n"
                + "  }\n"
                + "  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', note); }"
                + " else { note(); }\n"
                + "})(" + literal + ");\n";
    }

    private static String jsString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
