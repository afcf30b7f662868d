package io.anonkit.tunnel;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads an engine message too long to be gathered whole, part by part as it is relayed, for the two members the
 * firewall needs from any answer: the top-level {@code id} and the top-level {@code close} list of handles. It tracks
 * only nesting, strings and escapes, so it holds a few numbers whatever the message's size. Anything it cannot read
 * as plain JSON (a member it does not expect in that form) makes {@link #finish()} false, and the tunnel is then
 * closed rather than left with handles it may not know are gone.
 */
final class TopLevelSkimmer {
    /** Most digits of one number it keeps; a longer one is not a handle or an id the engine gives. */
    private static final int MAX_DIGITS = 20;
    /** Most handles of one close list it keeps. */
    static final int MAX_CLOSED = 100_000;

    private int depth;
    private boolean inString;
    private boolean escaped;
    private final StringBuilder key = new StringBuilder();
    private boolean readingKey;
    /** The top-level member whose value is being read, or empty between members. */
    private String member = "";

    private boolean inValue;
    private boolean inCloseList;
    private final StringBuilder number = new StringBuilder();
    private boolean readable = true;
    private OptionalLong id = OptionalLong.empty();
    private final List<Integer> closed = new ArrayList<>();

    /** Reads the next part of the message. */
    void read(CharSequence part) {
        for (int i = 0; i < part.length() && readable; i++) {
            read(part.charAt(i));
        }
    }

    private void read(char c) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
                if (readingKey) {
                    readingKey = false;
                    member = key.toString();
                }
            } else if (readingKey && key.length() < 16) {
                key.append(c);
            }
            return;
        }
        boolean counting = inCloseList || (depth == 1 && inValue && member.equals("id"));
        if (counting && (c == '-' || (c >= '0' && c <= '9'))) {
            if (number.length() >= MAX_DIGITS) {
                readable = false;
            }
            number.append(c);
            return;
        }
        if (counting && number.length() > 0 && ".eE+".indexOf(c) >= 0) {
            // Ids and handles are integers: a fraction or an exponent is not what the engine sends.
            readable = false;
            return;
        }
        endNumber();
        if (Character.isWhitespace(c)) {
            return;
        }
        if (inCloseList && c != ',' && c != ']') {
            // A close list holds plain integers only.
            readable = false;
            return;
        }
        switch (c) {
            case '"' -> {
                inString = true;
                if (depth == 1 && !inValue) {
                    readingKey = true;
                    key.setLength(0);
                }
            }
            case ':' -> inValue = inValue || depth == 1;
            case '{', '[' -> {
                inCloseList = depth == 1 && inValue && member.equals("close") && c == '[';
                depth++;
            }
            case '}', ']' -> {
                inCloseList = false;
                depth--;
                if (depth < 0) {
                    readable = false;
                }
            }
            case ',' -> {
                if (depth == 1) {
                    inValue = false;
                    member = "";
                }
            }
            default -> {
                // Digits, letters of true, false and null, and the rest of numbers: nothing to keep.
            }
        }
    }

    private void endNumber() {
        if (number.length() == 0) {
            return;
        }
        try {
            if (inCloseList) {
                if (closed.size() < MAX_CLOSED) {
                    closed.add(Integer.parseInt(number.toString()));
                } else {
                    readable = false;
                }
            } else {
                id = OptionalLong.of(Long.parseLong(number.toString()));
            }
        } catch (NumberFormatException e) {
            readable = false;
        }
        number.setLength(0);
    }

    /** Ends the message; whether what was read can be trusted. */
    boolean finish() {
        endNumber();
        return readable && depth == 0 && !inString;
    }

    /** The top-level {@code id}, if the message had one. */
    OptionalLong id() {
        return id;
    }

    /** The handles of the top-level {@code close} list, in order. */
    List<Integer> closed() {
        return List.copyOf(closed);
    }
}
