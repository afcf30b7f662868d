package io.anonkit.client;

import java.security.SecureRandom;

/**
 * Maps client addresses to a fixed number of slots with a hash keyed by a random secret, so per-client tables have a
 * fixed size however many clients come, and no client can pick an address that shares another's slot on purpose.
 * Two clients that share a slot by chance share its counts: limits are far above what one visitor needs, so that only
 * makes them a little stricter for both.
 */
final class ClientSlots {
    /** How many slots each per-client table has. */
    static final int SIZE = 1 << 16;

    private final long seed = new SecureRandom().nextLong();

    /** The slot of {@code address}, from 0 to {@link #SIZE} - 1; IPv6 addresses of one /64 network share a slot. */
    int of(String address) {
        long h = seed;
        String key = ClientNetworks.key(address);
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
            h ^= h >>> 29;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) (h & (SIZE - 1));
    }
}
