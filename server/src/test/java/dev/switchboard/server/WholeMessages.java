package dev.switchboard.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;

/**
 * Reassembles the fragments the JDK's WebSocket client hands to a listener into whole messages,
 * queued in arrival order: a {@code String} per text message, a {@code byte[]} per binary one.
 * Used by the test clients that wrap {@code java.net.http.WebSocket}; not thread-safe (the JDK
 * calls a listener one event at a time).
 */
public final class WholeMessages {

    private final BlockingQueue<Object> into;
    private final StringBuilder text = new StringBuilder();
    private ByteArrayOutputStream binary = new ByteArrayOutputStream();

    /**
     * Collects into a queue.
     *
     * @param into where whole messages go
     */
    public WholeMessages(BlockingQueue<Object> into) {
        this.into = into;
    }

    /**
     * Takes a text fragment.
     *
     * @param data the fragment
     * @param last whether it ends the message
     */
    public void text(CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            into.add(text.toString());
            text.setLength(0);
        }
    }

    /**
     * Takes a binary fragment.
     *
     * @param data the fragment, read fully
     * @param last whether it ends the message
     */
    public void binary(ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        binary.writeBytes(b);
        if (last) {
            into.add(binary.toByteArray());
            binary = new ByteArrayOutputStream();
        }
    }
}
