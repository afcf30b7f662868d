package io.anonkit.engine;

import io.anonkit.http.Ascii;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads every string of a visitor's request as an expression the engine may evaluate, and finds what reaches beyond
 * the app's data. Qlik evaluates far more strings than a list of known places could hold (measure and dimension
 * definitions, labels that start with {@code =}, calculation conditions, attribute expressions, set-analysis searches,
 * {@code Evaluate} parameters, session variables, the values of soft patches), so every string is read, and strings that
 * hold JSON (a soft patch's {@code qValue}) are read again decoded. Three things are found:
 * <ul>
 *   <li>a call of an analytic connection, a dotted call such as {@code R.ScriptEval(} or {@code Py . ScriptEvalStr (}:
 *       it runs code on the server-side extension's host; connections the site lists in
 *       {@code anonkit.allowed.analytic.connections} pass;</li>
 *   <li>a call of a system function that reveals the server or its files ({@link #SYSTEM_FUNCTIONS}), such as
 *       {@code OSUser()} or {@code GetRegistryString(...)};</li>
 *   <li>a computed dollar-sign expansion, {@code $(=...)}, anywhere in the text (Qlik expands it before it parses,
 *       inside quotes too): its result becomes expression text that no check can read beforehand, so
 *       {@code $(='R.Script'&'Eval')} would build the call the first rule refuses.</li>
 * </ul>
 * The reading follows Qlik's expression syntax where it matters: {@code '...'} is a string literal and {@code [...]} a
 * name, neither of which is code; a double-quoted or back-quoted text is read as an expression of its own, because in
 * set analysis {@code "=..."} is an expression search; names, dots and parentheses may be separated by spaces and
 * {@code /* *}{@code /} comments; case does not matter. A literal that starts with {@code =} is read as code too. A false
 * alarm (a label such as {@code "Sales.Total (EUR)"}) is possible and refused; a miss is not.
 */
final class ExpressionGuard {
    /**
     * System functions that reveal the engine's host or reach its file system, from Qlik's function reference (system,
     * file and QVD functions usable in chart expressions) and {@code Evaluate}, which evaluates computed text. Charts
     * use none of them; the harmless ones they do use ({@code ObjectId}, {@code InObject}, {@code StateName},
     * {@code GetObjectField}, {@code DocumentTitle}, {@code ReloadTime}) are not here.
     */
    static final Set<String> SYSTEM_FUNCTIONS = Set.of(
            "OSUser",
            "QVUser",
            "ComputerName",
            "DocumentPath",
            "DocumentName",
            "GetRegistryString",
            "GetSysAttr",
            "EngineVersion",
            "ProductVersion",
            "QlikViewVersion",
            "QlikTechProductVersion",
            "ConnectString",
            "Author",
            "Attribute",
            "FileBaseName",
            "FileDir",
            "FileExtension",
            "FileName",
            "FilePath",
            "FileSize",
            "FileTime",
            "GetFolderPath",
            "QvdCreateTime",
            "QvdFieldName",
            "QvdNoOfFields",
            "QvdNoOfRecords",
            "QvdTableName",
            "Evaluate");
    /** The same, as an array to compare names against where they stand, without copying them out of the text. */
    private static final String[] SYSTEM_FUNCTION_NAMES = SYSTEM_FUNCTIONS.toArray(String[]::new);
    /** How deep JSON held in strings is decoded and read again. */
    private static final int MAX_DECODING = 2;

    /**
     * What the guard found.
     *
     * @param kind     the rule, for the count: {@code analytic connection}, {@code system function} or
     *                 {@code computed expansion}
     * @param function what was called, such as {@code R.ScriptEval} or {@code OSUser} (letters, digits and {@code _}
     *                 only, at most 64 characters each side of the dot), or {@code $(=...)}
     */
    record Finding(String kind, String function) {
        /** The finding for the visitor, such as {@code the expression calls R.ScriptEval (an analytic connection)}. */
        String text() {
            return switch (kind) {
                case ANALYTIC ->
                    "the expression calls " + function + " (an analytic connection, which runs code on"
                            + " another server)";
                case SYSTEM -> "the expression calls " + function + " (a system function that reveals the server)";
                default ->
                    "the expression has a computed dollar-sign expansion $(=...), whose result no check can read";
            };
        }
    }

    static final String ANALYTIC = "analytic connection";
    static final String SYSTEM = "system function";
    static final String COMPUTED = "computed expansion";

    private final Set<String> allowedConnections;

    /** A guard that lets calls of the analytic connections named in {@code allowedConnections} through. */
    ExpressionGuard(List<String> allowedConnections) {
        this.allowedConnections =
                allowedConnections.stream().map(Ascii::lowerCase).collect(Collectors.toUnmodifiableSet());
    }

    /** The first thing in {@code value}, read through and through, that the engine must not evaluate. */
    Optional<Finding> check(JsonValue value) {
        return check(value, 0);
    }

    /**
     * The first thing in {@code request} that the engine must not evaluate: its strings that have a {@code (} or a
     * {@code $}, which the parser noted ({@link EngineRequest#callLike}); no other string can call or expand anything,
     * JSON held in a string included.
     */
    Optional<Finding> check(EngineRequest request) {
        for (String text : request.callLike()) {
            Optional<Finding> found = text(text, 0);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<Finding> check(JsonValue value, int decoding) {
        if (value instanceof JsonString text) {
            return text(text.getString(), decoding);
        }
        if (value instanceof JsonObject object) {
            for (JsonValue member : object.values()) {
                Optional<Finding> found = check(member, decoding);
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (value instanceof JsonArray array) {
            for (JsonValue element : array) {
                Optional<Finding> found = check(element, decoding);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Finding> text(String text, int decoding) {
        Optional<Finding> found = expression(text);
        if (found.isPresent() || decoding >= MAX_DECODING) {
            return found;
        }
        int first = skipSpace(text, 0, text.length());
        // JSON held in a string can hide an expression only where it has a parenthesis or a dollar sign.
        if (first < text.length()
                && "{[\"".indexOf(text.charAt(first)) >= 0
                && (text.indexOf('(') >= 0 || text.indexOf('$') >= 0)) {
            try (var reader = EngineJson.READERS.createReader(new StringReader(text))) {
                return check(reader.readValue(), decoding + 1);
            } catch (JsonException | IllegalStateException e) {
                // Not JSON: it was read as an expression above.
            }
        }
        return Optional.empty();
    }

    /** The first finding in {@code text} read as one expression. */
    Optional<Finding> expression(String text) {
        int dollar = text.indexOf('$');
        int paren = text.indexOf('(');
        if (paren < 0) {
            return Optional.empty();
        }
        if (dollar >= 0 && computedExpansion(text)) {
            return Optional.of(new Finding(COMPUTED, "$(=...)"));
        }
        return code(text, 0, text.length());
    }

    /** Whether {@code text} has {@code $(} followed, after spaces, by {@code =}, wherever it stands. */
    private static boolean computedExpansion(String text) {
        for (int at = text.indexOf("$("); at >= 0; at = text.indexOf("$(", at + 2)) {
            int next = skipSpace(text, at + 2, text.length());
            if (next < text.length() && text.charAt(next) == '=') {
                return true;
            }
        }
        return false;
    }

    /** The first finding in {@code text} from {@code start} to {@code end}, read as code. */
    private Optional<Finding> code(String text, int start, int end) {
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            if (c == '\'') {
                int close = text.indexOf('\'', i + 1);
                int stop = close < 0 || close >= end ? end : close;
                if (skipSpace(text, i + 1, stop) < stop && text.charAt(skipSpace(text, i + 1, stop)) == '=') {
                    Optional<Finding> inner = code(text, i + 1, stop);
                    if (inner.isPresent()) {
                        return inner;
                    }
                }
                i = stop + 1;
            } else if (c == '"' || c == '`') {
                int close = text.indexOf(c, i + 1);
                int stop = close < 0 || close >= end ? end : close;
                Optional<Finding> inner = code(text, i + 1, stop);
                if (inner.isPresent()) {
                    return inner;
                }
                int after = stop + 1;
                if (close >= 0 && close < end) {
                    Optional<Finding> call = dottedCall(text, i + 1, stop, after, end);
                    if (call.isPresent()) {
                        return call;
                    }
                }
                i = after;
            } else if (c == '[') {
                int close = text.indexOf(']', i + 1);
                int stop = close < 0 || close >= end ? end : close;
                if (close >= 0 && close < end) {
                    Optional<Finding> call = dottedCall(text, i + 1, stop, stop + 1, end);
                    if (call.isPresent()) {
                        return call;
                    }
                }
                i = stop + 1;
            } else if (isNameStart(c)) {
                int nameEnd = i + 1;
                while (nameEnd < end && isNamePart(text.charAt(nameEnd))) {
                    nameEnd++;
                }
                int next = skipSpace(text, nameEnd, end);
                if (next < end && text.charAt(next) == '(' && !afterDot(text, start, i)) {
                    String function = systemFunction(text, i, nameEnd);
                    if (function != null) {
                        return Optional.of(new Finding(SYSTEM, bounded(text.substring(i, nameEnd))));
                    }
                }
                Optional<Finding> call = dottedCall(text, i, nameEnd, nameEnd, end);
                if (call.isPresent()) {
                    return call;
                }
                i = nameEnd;
            } else if (Character.isDigit(c)) {
                int numberEnd = i + 1;
                while (numberEnd < end && isNamePart(text.charAt(numberEnd))) {
                    numberEnd++;
                }
                // 1.5 is a number; 1.Function( would be a call of a connection whose name starts with a digit.
                Optional<Finding> call = dottedCall(text, i, numberEnd, numberEnd, end);
                if (call.isPresent()) {
                    return call;
                }
                i = numberEnd;
            } else {
                i++;
            }
        }
        return Optional.empty();
    }

    /**
     * A call {@code qualifier.Function(} starting at {@code from}, the qualifier being the text from
     * {@code qualifierStart} to {@code qualifierEnd}, unless the site allows the connection.
     */
    private Optional<Finding> dottedCall(String text, int qualifierStart, int qualifierEnd, int from, int end) {
        int dot = skipSpace(text, from, end);
        if (dot >= end || text.charAt(dot) != '.') {
            return Optional.empty();
        }
        int nameStart = skipSpace(text, dot + 1, end);
        if (nameStart >= end || !isNameStart(text.charAt(nameStart))) {
            return Optional.empty();
        }
        int nameEnd = nameStart + 1;
        while (nameEnd < end && isNamePart(text.charAt(nameEnd))) {
            nameEnd++;
        }
        int paren = skipSpace(text, nameEnd, end);
        if (paren >= end || text.charAt(paren) != '(') {
            return Optional.empty();
        }
        String qualifier = text.substring(qualifierStart, qualifierEnd).strip();
        if (allowedConnections.contains(Ascii.lowerCase(qualifier))) {
            return Optional.empty();
        }
        return Optional.of(
                new Finding(ANALYTIC, bounded(qualifier) + "." + bounded(text.substring(nameStart, nameEnd))));
    }

    /** The system function of {@link #SYSTEM_FUNCTIONS} spelled from {@code start} to {@code end}, or {@code null}. */
    private static String systemFunction(String text, int start, int end) {
        int length = end - start;
        for (String function : SYSTEM_FUNCTION_NAMES) {
            if (function.length() == length && Ascii.regionMatchesIgnoreCase(text, start, function)) {
                return function;
            }
        }
        return null;
    }

    /** Whether the name at {@code at} follows a dot (spaces and comments between), so it is a connection's function. */
    private static boolean afterDot(String text, int start, int at) {
        int i = at - 1;
        while (i >= start && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        return i >= start && text.charAt(i) == '.';
    }

    /** The index of the first character from {@code from} that is neither white space nor in a block comment. */
    private static int skipSpace(String text, int from, int end) {
        int i = from;
        while (i < end) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                i++;
            } else if (c == '/' && i + 1 < end && text.charAt(i + 1) == '*') {
                int close = text.indexOf("*/", i + 2);
                i = close < 0 || close + 2 > end ? end : close + 2;
            } else {
                return i;
            }
        }
        return i;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** {@code name} as it may be counted and logged: letters, digits and {@code _} only, at most 64 characters. */
    private static String bounded(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < 64; i++) {
            char c = name.charAt(i);
            out.append(
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return out.toString();
    }
}
