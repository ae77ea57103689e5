package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.TransportType;
import java.util.List;

/**
 * The part of a session that moves packets over one kind of connection. All methods run on the
 * session's event loop.
 */
abstract class Transport {

    final EngineSession session;

    Transport(EngineSession session) {
        this.session = session;
    }

    /** {@return which transport this is} */
    abstract TransportType type();

    /** {@return whether {@link #send} may be called now} */
    abstract boolean writable();

    /** {@return bytes handed to the connection and not yet written to the network} */
    long pendingBytes() {
        return 0;
    }

    /**
     * Sends packets; only called while {@link #writable()}.
     *
     * @param packets the packets, in order; the list is not kept
     */
    abstract void send(List<Packet> packets);

    /**
     * Sends one packet; only called while {@link #writable()}. By default as a list of one.
     *
     * @param packet the packet
     */
    void send(Packet packet) {
        send(List.of(packet));
    }

    /**
     * Closes the transport gracefully, then runs {@code onClosed} (perhaps later).
     *
     * @param onClosed what to run once closed
     */
    abstract void close(Runnable onClosed);

    /** Marks the transport as replaced by an upgrade: it must not report a close as an error. */
    abstract void discard();
}
