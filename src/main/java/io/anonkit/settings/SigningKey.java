package io.anonkit.settings;

import java.time.Instant;
import java.util.Base64;

/**
 * A secret key that signs what the kit hands to browsers and must recognise later (the engine identities). Keys are
 * kept where the settings are, so every node sharing the settings accepts what any node signed.
 *
 * @param id      a short id, written next to each signature so the right key checks it
 * @param secret  the key, Base64; never shown or logged
 * @param created when the key was made; keys rotate and are forgotten by age
 */
public record SigningKey(String id, String secret, Instant created) {
    /** The key's bytes. */
    public byte[] bytes() {
        return Base64.getDecoder().decode(secret);
    }

    @Override
    public String toString() {
        return "SigningKey[id=" + id + ", created=" + created + ", secret=(secret)]";
    }
}
