package io.anonkit.tunnel;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the fragments of one text message to strings, carrying a code point split across fragments over to the
 * next one. Not thread-safe: one instance per direction of a tunnel.
 */
final class Utf8Fragments {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer carry = ByteBuffer.allocate(0);

    /** The text of {@code fragment}; with {@code last}, any incomplete code point left over is replaced. */
    String decode(ByteBuffer fragment, boolean last) {
        ByteBuffer input = fragment;
        if (carry.hasRemaining()) {
            input = ByteBuffer.allocate(carry.remaining() + fragment.remaining())
                    .put(carry)
                    .put(fragment.slice())
                    .flip();
        }
        CharBuffer out = CharBuffer.allocate((int) (input.remaining() * (double) decoder.maxCharsPerByte()) + 2);
        decoder.decode(input, out, last);
        if (last) {
            decoder.flush(out);
            decoder.reset();
            carry = ByteBuffer.allocate(0);
        } else {
            carry = ByteBuffer.allocate(input.remaining()).put(input).flip();
        }
        return out.flip().toString();
    }
}
