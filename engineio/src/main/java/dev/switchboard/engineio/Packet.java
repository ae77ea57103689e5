package dev.switchboard.engineio;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One Engine.IO v4 packet.
 *
 * <p>Values are immutable and may be shared between sessions and threads: a broadcast creates one
 * {@link Text} and hands the same instance to every recipient. {@link Binary} copies nothing on
 * construction; whoever creates one promises not to change the array afterwards.
 */
public sealed interface Packet
        permits Packet.Open, Packet.Close, Packet.Ping, Packet.Pong, Packet.Message, Packet.Upgrade,
        Packet.Noop {

    /** The close packet, {@code 1}. */
    Close CLOSE = new Close();
    /** A heartbeat ping, {@code 2}. */
    Ping PING = new Ping("");
    /** The server's answer to an upgrade probe, {@code 3probe}. */
    Pong PONG_PROBE = new Pong("probe");
    /** The upgrade packet, {@code 5}. */
    Upgrade UPGRADE = new Upgrade();
    /** The noop packet, {@code 6}. */
    Noop NOOP = new Noop();

    /** {@return the packet's type} */
    PacketType type();

    /**
     * A text message packet ({@code 4} + text).
     *
     * @param text the message
     * @return the packet
     */
    static Text text(String text) {
        return new Text(text);
    }

    /**
     * A binary message packet. The array is not copied.
     *
     * @param bytes the message
     * @return the packet
     */
    static Binary binary(byte[] bytes) {
        return new Binary(bytes);
    }

    /**
     * The handshake packet: {@code 0} followed by the handshake JSON.
     *
     * @param json the handshake object, already serialised
     */
    record Open(String json) implements Packet {
        /**
         * Checks the argument.
         *
         * @param json the handshake object, already serialised
         */
        public Open {
            Objects.requireNonNull(json, "json");
        }

        @Override
        public PacketType type() {
            return PacketType.OPEN;
        }
    }

    /** The close packet, {@code 1}; use {@link Packet#CLOSE}. */
    record Close() implements Packet {
        @Override
        public PacketType type() {
            return PacketType.CLOSE;
        }
    }

    /**
     * A ping: {@code 2} plus optional data ({@code probe} during an upgrade).
     *
     * @param data the text after the type digit, usually empty
     */
    record Ping(String data) implements Packet {
        /**
         * Checks the argument.
         *
         * @param data the text after the type digit, usually empty
         */
        public Ping {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public PacketType type() {
            return PacketType.PING;
        }
    }

    /**
     * A pong: {@code 3} plus optional data ({@code probe} during an upgrade).
     *
     * @param data the text after the type digit, usually empty
     */
    record Pong(String data) implements Packet {
        /**
         * Checks the argument.
         *
         * @param data the text after the type digit, usually empty
         */
        public Pong {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public PacketType type() {
            return PacketType.PONG;
        }
    }

    /** The upgrade packet, {@code 5}; use {@link Packet#UPGRADE}. */
    record Upgrade() implements Packet {
        @Override
        public PacketType type() {
            return PacketType.UPGRADE;
        }
    }

    /** The noop packet, {@code 6}; use {@link Packet#NOOP}. */
    record Noop() implements Packet {
        @Override
        public PacketType type() {
            return PacketType.NOOP;
        }
    }

    /** A message packet: what applications send and receive. */
    sealed interface Message extends Packet permits Text, Binary {
        @Override
        default PacketType type() {
            return PacketType.MESSAGE;
        }

        /**
         * {@return the size of the message's data, used for buffer accounting: the byte count for binary,
         * the char count for text (exact for ASCII, a lower bound otherwise)}
         */
        int byteSize();

        /**
         * {@return whether the message may be compressed (default true)} A WebSocket frame is
         * compressed only where permessage-deflate was negotiated, and a polling response only
         * past {@link EngineIoOptions#httpCompressionThreshold()} and when at least one of its
         * messages may be, as engine.io's {@code compress} send option; Socket.IO's
         * {@code compress(false)} sends its packets with this set to false.
         */
        boolean compress();

        /**
         * This message with compression allowed or not: itself when it already is so, else a copy
         * with the same data (the array of a binary message is shared, not copied).
         *
         * @param compress whether the message may be compressed
         * @return the message
         */
        Message withCompress(boolean compress);
    }

    /**
     * A text message, {@code 4} + text.
     *
     * <p>A broadcast hands one instance to every recipient, so the bytes a WebSocket carries for it
     * ({@link #encodedUtf8()}) are made once, by the first recipient that needs them, and shared by
     * all. Otherwise it behaves as a record of its text and {@link #compress()} flag: equal text
     * and flag make equal messages.
     */
    final class Text implements Message {
        private final String text;
        private final boolean compress;
        /** {@code "4" + text} in UTF-8, made on first use; threads that race make equal arrays. */
        private volatile byte[] encodedUtf8;

        /**
         * A text message that may be compressed.
         *
         * @param text the message
         */
        public Text(String text) {
            this(Objects.requireNonNull(text, "text"), true, null);
        }

        private Text(String text, boolean compress, byte[] encodedUtf8) {
            this.text = text;
            this.compress = compress;
            this.encodedUtf8 = encodedUtf8;
        }

        /** {@return the message} */
        public String text() {
            return text;
        }

        /**
         * The packet as a WebSocket text frame carries it: {@code 4} followed by the text, in
         * UTF-8 ({@link PacketCodec#encode} as bytes). Made on the first call and returned by every
         * later one, from any thread: the array is shared and must not be changed.
         *
         * @return the encoded packet
         */
        public byte[] encodedUtf8() {
            byte[] bytes = encodedUtf8;
            if (bytes == null) {
                bytes = prefixedUtf8(text);
                encodedUtf8 = bytes;
            }
            return bytes;
        }

        /** {@code '4'} and the text in UTF-8, in one array: one pass when the text is ASCII, as most are. */
        private static byte[] prefixedUtf8(String text) {
            int length = text.length();
            for (int i = 0; i < length; i++) {
                if (text.charAt(i) >= 0x80) {
                    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                    byte[] bytes = new byte[utf8.length + 1];
                    bytes[0] = (byte) '4';
                    System.arraycopy(utf8, 0, bytes, 1, utf8.length);
                    return bytes;
                }
            }
            byte[] bytes = new byte[length + 1];
            bytes[0] = (byte) '4';
            text.getBytes(0, length, bytes, 1); // every char is ASCII, so its low byte is its UTF-8
            return bytes;
        }

        @Override
        public int byteSize() {
            return text.length();
        }

        @Override
        public boolean compress() {
            return compress;
        }

        @Override
        public Text withCompress(boolean compress) {
            // The encoding made so far goes with the copy: a broadcast encodes once either way.
            return compress == this.compress ? this : new Text(text, compress, encodedUtf8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text t && text.equals(t.text) && compress == t.compress;
        }

        @Override
        public int hashCode() {
            return text.hashCode() * 31 + Boolean.hashCode(compress);
        }

        @Override
        public String toString() {
            return "Text[text=" + text + (compress ? "" : ", compress=false") + "]";
        }
    }

    /**
     * A binary message: a WebSocket binary frame, or {@code b} + base64 in a polling payload.
     *
     * @param bytes the message; not copied, must not be changed after construction
     * @param compress whether the message may be compressed, see {@link Message#compress()}
     */
    record Binary(byte[] bytes, boolean compress) implements Message {
        /**
         * Checks the argument.
         *
         * @param bytes the message; not copied, must not be changed after construction
         * @param compress whether the message may be compressed, see {@link Message#compress()}
         */
        public Binary {
            Objects.requireNonNull(bytes, "bytes");
        }

        /**
         * A binary message that may be compressed.
         *
         * @param bytes the message; not copied, must not be changed after construction
         */
        public Binary(byte[] bytes) {
            this(bytes, true);
        }

        @Override
        public int byteSize() {
            return bytes.length;
        }

        @Override
        public Binary withCompress(boolean compress) {
            return compress == this.compress ? this : new Binary(bytes, compress);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Binary b && Arrays.equals(bytes, b.bytes) && compress == b.compress;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 31 + Boolean.hashCode(compress);
        }

        @Override
        public String toString() {
            return "Binary[" + bytes.length + " bytes" + (compress ? "" : ", compress=false") + "]";
        }
    }
}
