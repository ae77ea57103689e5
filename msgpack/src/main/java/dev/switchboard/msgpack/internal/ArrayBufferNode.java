package dev.switchboard.msgpack.internal;

import com.fasterxml.jackson.databind.node.BinaryNode;

/**
 * Binary data that arrived as a JavaScript {@code ArrayBuffer} (notepack's ext type 0) rather
 * than a {@code Buffer}: binary like any other to everything else, while notepack 2 encoding
 * writes it back as an {@code ArrayBuffer}, as a Node server would echo it.
 */
public final class ArrayBufferNode extends BinaryNode {
    private static final long serialVersionUID = 1L;

    /**
     * Wraps bytes without copying.
     *
     * @param bytes the bytes, not to be changed afterwards
     */
    public ArrayBufferNode(byte[] bytes) {
        super(bytes);
    }
}
