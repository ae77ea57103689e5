package dev.switchboard.msgpack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.msgpack.internal.NotepackReader;
import dev.switchboard.msgpack.internal.NotepackWriter;

/**
 * MessagePack exactly as a version of the JavaScript library {@code notepack.io} writes and reads
 * it, over Jackson trees: the bytes a Node peer would send for the same value, and the value a
 * Node peer would see in the same bytes.
 *
 * <h2>Values</h2>
 * A tree stands for the JavaScript value a JSON client would send for it, so a tree reads the
 * same whichever parser carries it:
 * <ul>
 *   <li>numbers are JavaScript numbers (doubles): an integral one is written as the smallest
 *       integer format (int or long nodes, and doubles such as {@code 2.0} alike), others as
 *       float64; a long past 2<sup>53</sup> is first rounded to the double JavaScript would hold,
 *       and integers of 2<sup>64</sup> and more are written as notepack writes them (bits
 *       wrapped; the receiver sees another number, as it would from Node);
 *   <li>strings as notepack writes them, including what it does with lone surrogates;
 *   <li>binary ({@code BinaryNode}) as bin 8/16/32, like a Node {@code Buffer};
 *   <li>{@code null} as nil; a {@code MissingNode} is JavaScript's {@code undefined}, written as
 *       notepack writes it (version 2: fixext 1 type 0, kept in objects; version 3: nil in
 *       arrays, left out of objects);
 *   <li>object members in JavaScript's property order: keys that are array indices first,
 *       ascending, then the others as inserted.
 * </ul>
 * Reading gives the same kinds of nodes: numbers as int, long or double nodes by value (integral
 * values that fit a long as int or long nodes, -0 and the rest as doubles), {@code undefined} as
 * {@code MissingNode}, bin as binary, ext types other than notepack's own as
 * {@code [type, <binary>]} (what notepack gives). notepack's ext 0 values and timestamps read as
 * nodes that notepack writes back the same way: an {@code ArrayBuffer} is binary, a
 * {@code Date} is the string {@code JSON.stringify} would give ({@code "2024-01-31T12:00:00.000Z"},
 * or {@code null} for an invalid date).
 *
 * <h2>Where reading is stricter than notepack</h2>
 * notepack builds JavaScript objects, and some inputs it takes have no faithful tree; these are
 * refused with a {@link MsgPackException} instead: map keys other than strings, booleans, nil,
 * {@code undefined} and integers up to 2<sup>53</sup> (JavaScript would turn them into property
 * names such as {@code "[object Object]"}), the key {@code __proto__} (JavaScript would replace
 * the object's prototype), and nesting deeper than {@value #MAX_DEPTH} arrays and maps (where
 * JavaScript runs out of stack at a few thousand). Everything else notepack reads, this reads to
 * the same value, and everything notepack refuses (truncated input, the unused format byte
 * {@code 0xc1}, trailing bytes) this refuses.
 *
 * <p>Thread-safe; each call works on its own buffers.
 */
public enum Notepack {

    /**
     * notepack.io 2.2, the codec of {@code socket.io-msgpack-parser} 3.0.x. It writes
     * {@code undefined} as fixext 1 type 0 (also as an object member) and reads timestamps (ext
     * type -1) as plain ext values.
     */
    V2,

    /**
     * notepack.io 3.0, the codec of {@code @socket.io/redis-adapter} 8.x and
     * {@code @socket.io/redis-emitter} 5.x. It writes {@code undefined} as nil (left out of
     * objects) and dates as timestamps, and reads timestamps (ext type -1) as dates. One case is
     * not reproduced: an object key longer than 32 UTF-16 units holding a lone surrogate, which
     * notepack 3's key cache writes depending on what the process encoded before (at times with
     * uninitialised bytes); it is written here as the cache writes it when it is not full.
     */
    V3;

    /** The deepest nesting of arrays and maps {@link #decode} accepts. */
    public static final int MAX_DEPTH = 1000;

    /**
     * Encodes a tree.
     *
     * @param value the value ({@code null} is written as nil)
     * @return the bytes
     * @throws IllegalArgumentException for a {@code POJONode} (use
     *     {@link #encode(JsonNode, ObjectMapper)})
     */
    public byte[] encode(JsonNode value) {
        return encode(value, null);
    }

    /**
     * Encodes a tree, converting the values of {@code POJONode}s with a mapper first.
     *
     * @param value the value ({@code null} is written as nil)
     * @param mapper converts {@code POJONode} values to trees; {@code null} to refuse them
     * @return the bytes
     * @throws IllegalArgumentException when a {@code POJONode} cannot be converted
     */
    public byte[] encode(JsonNode value, ObjectMapper mapper) {
        NotepackWriter writer = new NotepackWriter(this, mapper);
        writer.value(value);
        return writer.toByteArray();
    }

    /**
     * Decodes one value that fills {@code bytes} exactly.
     *
     * @param bytes the bytes
     * @return the tree
     * @throws MsgPackException when the bytes are not one value this codec reads (see the class
     *     description)
     */
    public JsonNode decode(byte[] bytes) {
        return NotepackReader.read(this, bytes);
    }
}
