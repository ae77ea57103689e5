package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.Packet;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.engineio.spi.WebSocketConnection;
import java.util.List;

/**
 * One packet per WebSocket frame: text packets as text frames, binary messages as binary frames
 * (or base64 text frames for a client that asked for base64), in the form of the session's
 * protocol revision ({@link ProtocolCodec#writeFrame}).
 * Frames may arrive on another event loop than the session's (an upgraded polling session); they
 * are handed over to the session's loop in order.
 */
final class WebSocketTransport extends Transport implements WebSocketConnection.Listener {

    private final WebSocketConnection connection;
    private final boolean base64;
    private boolean closed;

    WebSocketTransport(EngineSession session, WebSocketConnection connection, boolean base64) {
        super(session);
        this.connection = connection;
        this.base64 = base64;
    }

    /** Starts receiving frames; called once the session holds this transport or probes it. */
    void start() {
        connection.listener(this);
    }

    @Override
    TransportType type() {
        return TransportType.WEBSOCKET;
    }

    @Override
    boolean writable() {
        return !closed;
    }

    /** {@return whether the connection's outbound buffer is below its high-water mark} */
    boolean connectionWritable() {
        return !closed && connection.isWritable();
    }

    @Override
    long pendingBytes() {
        return connection.pendingOutboundBytes();
    }

    @Override
    void send(List<Packet> packets) {
        ProtocolCodec codec = session.codec();
        for (int i = 0; i < packets.size(); i++) {
            codec.writeFrame(connection, packets.get(i), !base64);
        }
        connection.flush();
    }

    @Override
    void send(Packet packet) {
        session.codec().writeLoneFrame(connection, packet, !base64);
    }

    @Override
    void close(Runnable onClosed) {
        if (!closed) {
            closed = true;
            connection.close();
        }
        onClosed.run();
    }

    /** Closes with a status, for a message over the size limit. */
    void close(int code, String reason) {
        if (!closed) {
            closed = true;
            connection.close(code, reason);
        }
    }

    @Override
    void discard() {
        closed = true;
    }

    @Override
    public void onText(String text) {
        session.arrive(() -> {
            Packet p = session.codec().decodeTextFrame(text);
            if (p == null) {
                session.onParseError(this);
            } else {
                // A close packet goes on too: the session ignores it, as the reference does over
                // WebSocket, but packet listeners see it and it aborts a probe like any stray packet.
                session.onPacket(this, p);
            }
        });
    }

    @Override
    public void onMessageText(String message) {
        // What decodeTextFrame makes of "4" + message in Engine.IO 3 and 4 alike, without the copy.
        session.arrive(() -> session.onPacket(this, new Packet.Text(message)));
    }

    @Override
    public void onBinary(byte[] bytes) {
        session.arrive(() -> {
            Packet p = session.codec().decodeBinaryFrame(bytes);
            if (p == null) {
                session.onParseError(this);
            } else {
                session.onPacket(this, p);
            }
        });
    }

    @Override
    public void onClose() {
        session.arrive(() -> {
            if (!closed) {
                closed = true;
                session.onTransportClose(this);
            }
        });
    }

    @Override
    public void onError(String description) {
        session.arrive(() -> {
            if (!closed) {
                closed = true;
                session.onTransportError(this, description);
            }
        });
    }

    @Override
    public void onWritable() {
        session.arrive(() -> session.onTransportReady(this));
    }

    @Override
    public void onReadComplete() {
        // What the read made the session send leaves now, as raw Netty flushes, rather than after
        // every other connection read in this turn; a session still queued in TurnFlush is flushed
        // again there with whatever comes later. Only on the session's own loop (a probe's
        // connection may be read by another).
        if (session.executor().inEventLoop()) {
            session.endOfTurn();
        }
    }
}
