package dev.switchboard.testing;

import java.util.Arrays;

/**
 * The byte-level mutations the fuzz tests apply to valid input, so that what they feed a decoder
 * is mostly almost right: cut short, one byte inserted, one byte replaced, one bit flipped.
 */
public final class Mutations {

    private Mutations() {
    }

    /**
     * One mutation, chosen by {@code at}.
     *
     * @param b the input, not modified
     * @param at where (modulo the length plus one), and which mutation ({@code at % 4})
     * @param inserted the byte an insertion or a replacement writes
     * @return a mutated copy
     */
    public static byte[] mutate(byte[] b, int at, byte inserted) {
        return mutate(b, at, inserted, at % 4);
    }

    /**
     * One mutation.
     *
     * @param b the input, not modified
     * @param at where, modulo the length plus one (also which bit a flip flips, {@code at % 8})
     * @param inserted the byte an insertion or a replacement writes
     * @param kind 0 cut short there, 1 insert, 2 replace, anything else flip a bit
     * @return a mutated copy
     */
    public static byte[] mutate(byte[] b, int at, byte inserted, int kind) {
        int i = at % (b.length + 1);
        byte[] out;
        switch (kind) {
            case 0 -> out = Arrays.copyOf(b, i);
            case 1 -> {
                out = new byte[b.length + 1];
                System.arraycopy(b, 0, out, 0, i);
                out[i] = inserted;
                System.arraycopy(b, i, out, i + 1, b.length - i);
            }
            case 2 -> {
                out = b.clone();
                if (i < out.length) {
                    out[i] = inserted;
                }
            }
            default -> {
                out = b.clone();
                if (i < out.length) {
                    out[i] ^= (byte) (1 << (at % 8));
                }
            }
        }
        return out;
    }
}
