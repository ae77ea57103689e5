package dev.switchboard.bench.generator;

import dev.switchboard.bench.generator.Conn.Awaiting;
import dev.switchboard.bench.generator.Conn.Role;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One simulated client: its connections, its handshake state machine and the messages it sends.
 * It speaks Engine.IO v4 / Socket.IO v5 (or the raw baselines' echo) directly on the bytes: no
 * HTTP or WebSocket codec, no JSON; packets are recognised by their first bytes.
 *
 * <p>Confined to the generator's event loop: create, use and close it from there.
 *
 * <p>Acknowledged messages ({@link #sendPing}) carry increasing ids; the time each was meant to be
 * sent is kept in a ring indexed by id, so the latency recorded on the ack is measured from the
 * open-loop schedule, not from when the generator got round to sending (no coordinated omission).
 */
public final class Client {

    private static final int RING = 1 << 12;
    private static final byte RECORD_SEPARATOR = 0x1e;

    private static final String EIO_PATH = "/socket.io/?EIO=4&transport=";
    private static final ByteBuf PONG = WsCodec.constantTextFrame("3");
    private static final ByteBuf CONNECT = WsCodec.constantTextFrame("40");
    private static final ByteBuf PROBE = WsCodec.constantTextFrame("2probe");
    private static final ByteBuf UPGRADE = WsCodec.constantTextFrame("5");

    private enum State { NEW, CONNECTING, READY, CLOSED }


    private final Generator gen;
    private final Flow flow;
    private final InetSocketAddress target;
    private final PingTemplate ping;
    private ClientListener listener;

    private State state = State.NEW;
    private long startNanos;
    private Conn ws;
    private Conn get;
    private Conn post;
    private String sid;
    private byte[] pollRequest;

    // Default flow: the WebSocket probe runs while a poll is pending; "5" goes once both ended.
    private boolean connectAcked;
    private boolean probed;
    private boolean upgrading;

    private long[] intended;
    private int nextId;
    private int outstanding;

    private ByteBuf pendingBody;
    private int pendingPackets;
    private boolean postInFlight;
    private boolean dirty;

    private long events;
    private long eventBytes;

    /**
     * A client; nothing happens until {@link #connect()}.
     *
     * @param gen the generator that owns it
     * @param flow how it connects
     * @param target the server
     * @param ping the acknowledged message it sends
     * @param listener who hears about it
     */
    public Client(Generator gen, Flow flow, InetSocketAddress target, PingTemplate ping, ClientListener listener) {
        this.gen = gen;
        this.flow = flow;
        this.target = target;
        this.ping = ping;
        this.listener = listener;
    }

    /** Its flow. */
    public Flow flow() {
        return flow;
    }

    /** Whether its handshake is done and it is still connected. */
    public boolean isReady() {
        return state == State.READY;
    }

    /** Whether it has been closed (by either side) or failed. */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Acknowledged messages sent and not yet acknowledged. */
    public int outstanding() {
        return outstanding;
    }

    /** Event packets received. */
    public long events() {
        return events;
    }

    /** Bytes of event packets received. */
    public long eventBytes() {
        return eventBytes;
    }

    /**
     * Replaces its listener (e.g. once connected, to the scenario's).
     *
     * @param listener the new listener
     */
    public void listener(ClientListener listener) {
        this.listener = listener;
    }

    /** Starts connecting; {@link ClientListener#onReady} or {@link ClientListener#onFailed} follows. */
    public void connect() {
        if (state != State.NEW) {
            throw new IllegalStateException("already started");
        }
        state = State.CONNECTING;
        startNanos = System.nanoTime();
        switch (flow) {
            case WEBSOCKET, RAW_WEBSOCKET -> ws = open(Role.WS);
            case DEFAULT -> get = open(Role.GET);
            case POLLING -> {
                get = open(Role.GET);
                post = open(Role.POST);
            }
            case RAW_HTTP -> post = open(Role.POST);
            default -> throw new IllegalStateException(flow.toString());
        }
    }

    private Conn open(Role role) {
        Conn conn = new Conn(this, gen, role);
        gen.connect(target, conn).addListener(f -> {
            if (!f.isSuccess()) {
                fail("connect failed: " + f.cause());
            }
        });
        return conn;
    }

    /**
     * Sends one acknowledged message ({@code 42<id>["ping",...]}), written now and flushed with the
     * generator's next {@link Generator#flushDirty()}.
     *
     * @param intendedNanos when the schedule meant it to leave
     * @return false when it was not sent: not ready, or too many unacknowledged
     */
    public boolean sendPing(long intendedNanos) {
        if (state != State.READY || outstanding >= RING) {
            return false;
        }
        if (intended == null) {
            intended = new long[RING];
        }
        int id = nextId++;
        intended[id & (RING - 1)] = intendedNanos;
        outstanding++;
        if (flow.websocketFromStart() || flow == Flow.DEFAULT) {
            ws.ch.write(ping.frame(ws.ch.alloc(), id), ws.ch.voidPromise());
        } else {
            appendPacket(ping.packet(id));
        }
        markDirty();
        return true;
    }

    /**
     * Sends a text message: a WebSocket text frame, or a packet in the next POST when polling.
     *
     * @param payload the ASCII packet, e.g. {@code 42["bcast",123]}
     */
    public void sendText(byte[] payload) {
        if (state != State.READY) {
            return;
        }
        if (ws != null) {
            ws.ch.write(WsCodec.textFrame(ws.ch.alloc(), payload), ws.ch.voidPromise());
        } else {
            appendPacket(payload);
        }
        markDirty();
    }

    /**
     * Sends a pre-encoded WebSocket frame (a duplicate of it; the original stays the caller's).
     *
     * @param frame a complete masked frame
     */
    public void sendFrame(ByteBuf frame) {
        if (state != State.READY || ws == null) {
            return;
        }
        ws.ch.write(frame.retainedDuplicate(), ws.ch.voidPromise());
        markDirty();
    }

    /**
     * Stops or resumes reading from the WebSocket: a stopped client is a slow consumer, whose
     * unread data fills the kernel buffers and then the server's queue.
     *
     * @param reading whether to read
     */
    public void reading(boolean reading) {
        if (ws != null) {
            ws.ch.config().setAutoRead(reading);
        }
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            gen.markDirty(this);
        }
    }

    void flushNow() {
        dirty = false;
        if (state != State.READY) {
            return;
        }
        if (ws != null) {
            ws.ch.flush();
        } else {
            flushPost();
        }
    }

    /** Closes its connections. */
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        release();
    }

    /**
     * Closes its connections with a TCP reset instead of a FIN ({@code SO_LINGER} 0), as the server
     * sees a client whose network vanished mid-stream.
     */
    public void reset() {
        for (Conn c : new Conn[] {ws, get, post}) {
            if (c != null && c.ch != null && c.ch.isOpen()) {
                c.ch.config().setOption(ChannelOption.SO_LINGER, 0);
            }
        }
        close();
    }

    private void release() {
        for (Conn c : new Conn[] {ws, get, post}) {
            if (c != null) {
                Generator.closeQuietly(c.ch);
            }
        }
        if (pendingBody != null) {
            pendingBody.release();
            pendingBody = null;
        }
    }

    void fail(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        release();
        listener.onFailed(this, reason);
    }

    private void ready() {
        state = State.READY;
        listener.onReady(this, System.nanoTime() - startNanos);
    }

    // ---- connection events -------------------------------------------------------------------

    void onActive(Conn conn) {
        if (state == State.CLOSED) {
            conn.ch.close();
            return;
        }
        switch (conn.role) {
            case WS -> {
                String path = switch (flow) {
                    case RAW_WEBSOCKET -> "/ws";
                    case WEBSOCKET -> EIO_PATH + "websocket";
                    default -> EIO_PATH + "websocket&sid=" + sid;
                };
                conn.send(Awaiting.UPGRADE, upgradeRequest(path));
            }
            case GET -> conn.send(Awaiting.HANDSHAKE, getRequest(EIO_PATH + "polling"));
            case POST -> {
                if (flow == Flow.RAW_HTTP) {
                    ready();
                } else {
                    flushPost();
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    void onInactive(Conn conn) {
        if (state == State.CLOSED) {
            return;
        }
        if (flow == Flow.POLLING && conn == post && state == State.READY && !postInFlight) {
            // The server let an idle keep-alive connection go (Node's and ours after 5 s), as a
            // browser sees every day: the next message opens another.
            post = null;
            return;
        }
        if (flow == Flow.DEFAULT && conn == get && state == State.READY) {
            return; // the polling connection is let go once upgraded
        }
        if (state == State.READY) {
            state = State.CLOSED;
            release();
            listener.onClosed(this);
        } else {
            fail("connection closed during the handshake (" + conn.role + " awaiting " + conn.awaiting + ")");
        }
    }

    void onUpgraded() {
        switch (flow) {
            case RAW_WEBSOCKET -> ready();
            case WEBSOCKET -> {
                // the server speaks first: the Engine.IO open packet
            }
            case DEFAULT -> ws.ch.writeAndFlush(PROBE.duplicate(), ws.ch.voidPromise());
            default -> fail("unexpected upgrade");
        }
    }

    void onHttpResponse(Conn conn, Awaiting was, int status, ByteBuf body, int index, int length) {
        gen.httpResponses++;
        if (status != 200) {
            fail("HTTP " + status + " for " + was + ": "
                    + body.toString(index, Math.min(length, 200), StandardCharsets.UTF_8));
            return;
        }
        switch (was) {
            case HANDSHAKE, POLL -> {
                boolean probePoll = upgrading;
                forEachPacket(body, index, length);
                if (state == State.CLOSED) {
                    return;
                }
                if (probePoll) {
                    upgrading = false;
                    if (probed) {
                        finishUpgrade();
                    }
                } else if (flow == Flow.POLLING) {
                    poll();
                } else if (flow == Flow.DEFAULT && was == Awaiting.POLL) {
                    if (connectAcked) {
                        startProbe();
                    } else {
                        poll();
                    }
                }
            }
            case CONNECT_POST -> poll();
            case POST -> {
                postInFlight = false;
                if (flow == Flow.RAW_HTTP) {
                    forEachPacket(body, index, length);
                }
                if (state != State.CLOSED) {
                    flushPost();
                }
            }
            default -> fail("response while awaiting " + was);
        }
    }

    private void poll() {
        get.send(Awaiting.POLL, pollRequest);
    }

    private void startProbe() {
        // Like the official client: keep a poll pending while the WebSocket probes.
        upgrading = true;
        poll();
        ws = open(Role.WS);
    }

    private void finishUpgrade() {
        ws.ch.writeAndFlush(UPGRADE.duplicate(), ws.ch.voidPromise());
        ready();
        if (state == State.READY) {
            get.ch.close();
        }
    }

    private void forEachPacket(ByteBuf buf, int index, int length) {
        int end = index + length;
        int start = index;
        for (int i = index; i < end; i++) {
            if (buf.getByte(i) == RECORD_SEPARATOR) {
                onPacket(buf, start, i - start);
                start = i + 1;
            }
        }
        onPacket(buf, start, end - start);
    }

    void onPacket(ByteBuf buf, int index, int length) {
        if (state == State.CLOSED || length == 0) {
            return;
        }
        if (!flow.socketIo()) {
            // raw echo: 42<id>[...] is a message coming back, 42[...] a broadcast
            if (length > 2 && buf.getByte(index) == '4' && buf.getByte(index + 1) == '2') {
                byte c = buf.getByte(index + 2);
                if (c == '[') {
                    onEvent(buf, index, length);
                    return;
                } else if (c >= '0' && c <= '9') {
                    onAck(buf, index, length);
                    return;
                }
            }
            gen.unexpectedPackets++;
            return;
        }
        byte type = buf.getByte(index);
        if (length == 1) {
            switch (type) {
                case '2' -> pong();
                case '6' -> { } // noop: ends a poll during the upgrade
                case '1' -> fail("server closed the Engine.IO session");
                default -> gen.unexpectedPackets++;
            }
            return;
        }
        byte second = buf.getByte(index + 1);
        if (type == '4') {
            switch (second) {
                case '3' -> onAck(buf, index, length);
                case '2' -> onEvent(buf, index, length);
                case '0' -> onConnected();
                case '4' -> fail("CONNECT refused: " + buf.toString(index, length, StandardCharsets.UTF_8));
                case '1' -> fail("server disconnected the namespace");
                default -> gen.unexpectedPackets++;
            }
        } else if (type == '0') {
            onOpen(buf, index, length);
        } else if (type == '3' && Ascii.startsWith(buf, index, length, "3probe")) {
            probed = true;
            if (!upgrading) {
                finishUpgrade();
            }
        } else {
            gen.unexpectedPackets++;
        }
    }

    private void onOpen(ByteBuf buf, int index, int length) {
        if (state != State.CONNECTING) {
            gen.unexpectedPackets++;
            return;
        }
        if (flow == Flow.WEBSOCKET) {
            ws.ch.writeAndFlush(CONNECT.duplicate(), ws.ch.voidPromise());
            return;
        }
        String open = buf.toString(index, length, StandardCharsets.UTF_8);
        int at = open.indexOf("\"sid\":\"");
        int end = at < 0 ? -1 : open.indexOf('"', at + 7);
        if (end < 0) {
            fail("open packet without sid: " + open);
            return;
        }
        sid = open.substring(at + 7, end);
        pollRequest = getRequest(EIO_PATH + "polling&sid=" + sid);
        appendPacket(Ascii.bytes("40"));
        if (flow == Flow.DEFAULT) {
            // sequential on the one polling connection: POST the CONNECT, then poll for its answer
            postInFlight = true;
            get.send(Awaiting.CONNECT_POST, postRequest());
        } else {
            flushPost();
        }
    }

    private void onConnected() {
        if (state != State.CONNECTING) {
            gen.unexpectedPackets++;
            return;
        }
        connectAcked = true;
        if (flow == Flow.WEBSOCKET || flow == Flow.POLLING) {
            ready();
        }
        // DEFAULT: ready once upgraded; the poll that carried this packet starts the probe
    }

    private void onAck(ByteBuf buf, int index, int length) {
        long now = System.nanoTime();
        long id = Ascii.parseDecimal(buf, index + 2, index + length);
        if (id < 0 || outstanding == 0 || id >= nextId || id < nextId - outstanding) {
            gen.unexpectedPackets++;
            return;
        }
        // acks come back in order on one connection: everything before this id is lost
        int gap = (int) (id - (nextId - outstanding));
        outstanding -= gap + 1;
        listener.onAck(this, intended[(int) id & (RING - 1)], now);
    }

    private void onEvent(ByteBuf buf, int index, int length) {
        events++;
        eventBytes += length;
        listener.onEvent(this, buf, index, length, System.nanoTime());
    }

    private void pong() {
        if (ws != null && ws.ch.isActive() && (flow != Flow.DEFAULT || state == State.READY)) {
            ws.ch.writeAndFlush(PONG.duplicate(), ws.ch.voidPromise());
        } else {
            appendPacket(new byte[] {'3'});
            if (flow == Flow.DEFAULT) {
                return; // the default flow posts only the CONNECT; a ping during its handshake is rare
            }
            flushPost();
        }
    }

    // ---- polling writes ------------------------------------------------------------------------

    private void appendPacket(byte[] packet) {
        if (pendingBody == null) {
            pendingBody = Unpooled.buffer(256);
        }
        if (pendingPackets > 0) {
            pendingBody.writeByte(RECORD_SEPARATOR);
        }
        pendingBody.writeBytes(packet);
        pendingPackets++;
    }

    private void flushPost() {
        if (post == null && flow == Flow.POLLING && state == State.READY && pendingPackets > 0) {
            post = open(Role.POST); // sends once connected
            return;
        }
        if (postInFlight || pendingPackets == 0 || post == null || post.ch == null || !post.ch.isActive()
                || (flow == Flow.POLLING && sid == null)) {
            return;
        }
        postInFlight = true;
        post.send(Awaiting.POST, postRequest());
    }

    private byte[] postRequest() {
        String path = flow == Flow.RAW_HTTP ? "/echo" : EIO_PATH + "polling&sid=" + sid;
        byte[] head = Ascii.bytes("POST " + path + " HTTP/1.1\r\nHost: " + host()
                + "\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: " + pendingBody.readableBytes()
                + "\r\n\r\n");
        byte[] out = new byte[head.length + pendingBody.readableBytes()];
        System.arraycopy(head, 0, out, 0, head.length);
        pendingBody.readBytes(out, head.length, pendingBody.readableBytes());
        pendingBody.clear();
        pendingPackets = 0;
        return out;
    }

    private String host() {
        return target.getHostString() + ":" + target.getPort();
    }

    private byte[] getRequest(String path) {
        return Ascii.bytes("GET " + path + " HTTP/1.1\r\nHost: " + host() + "\r\nAccept: */*\r\n\r\n");
    }

    private byte[] upgradeRequest(String path) {
        return Ascii.bytes("GET " + path + " HTTP/1.1\r\nHost: " + host()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
    }
}
