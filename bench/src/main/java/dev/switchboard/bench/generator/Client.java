package dev.switchboard.bench.generator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.ByteToMessageDecoder;
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
    private static final ByteBuf WS_PONG_EMPTY = WsCodec.constant(WsCodec.FIN_PONG, new byte[0]);

    private enum State { NEW, CONNECTING, READY, CLOSED }

    private enum Role { WS, GET, POST }

    /** What an HTTP connection waits for; one request is outstanding per connection at a time. */
    private enum Awaiting { NOTHING, UPGRADE, HANDSHAKE, CONNECT_POST, POLL, POST }

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
        Conn conn = new Conn(role);
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
        if (ws != null) {
            Generator.closeQuietly(ws.ch);
        }
        if (get != null) {
            Generator.closeQuietly(get.ch);
        }
        if (post != null) {
            Generator.closeQuietly(post.ch);
        }
        if (pendingBody != null) {
            pendingBody.release();
            pendingBody = null;
        }
    }

    private void fail(String reason) {
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

    private void onActive(Conn conn) {
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

    private void onInactive(Conn conn) {
        if (state == State.CLOSED) {
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

    private void onUpgraded() {
        switch (flow) {
            case RAW_WEBSOCKET -> ready();
            case WEBSOCKET -> {
                // the server speaks first: the Engine.IO open packet
            }
            case DEFAULT -> ws.ch.writeAndFlush(PROBE.duplicate(), ws.ch.voidPromise());
            default -> fail("unexpected upgrade");
        }
    }

    private void onHttpResponse(Conn conn, Awaiting was, int status, ByteBuf body, int index, int length) {
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

    private void onPacket(ByteBuf buf, int index, int length) {
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

    // ---- one TCP connection ----------------------------------------------------------------------

    /** One TCP connection of the client: HTTP/1.1 responses until a 101, WebSocket frames after. */
    private final class Conn extends ChannelInboundHandlerAdapter {
        private final Role role;
        private Channel ch;
        private ByteBuf cumulation;
        private boolean framing;
        private Awaiting awaiting = Awaiting.NOTHING;

        Conn(Role role) {
            this.role = role;
        }

        void send(Awaiting what, byte[] request) {
            awaiting = what;
            ByteBuf out = ch.alloc().directBuffer(request.length);
            out.writeBytes(request);
            ch.writeAndFlush(out, ch.voidPromise());
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ch = ctx.channel();
            onActive(this);
        }

        @Override
        public void channelRegistered(ChannelHandlerContext ctx) {
            ch = ctx.channel();
            ctx.fireChannelRegistered();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            if (cumulation == null) {
                cumulation = in;
            } else {
                cumulation = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
            }
            try {
                boolean progress = true;
                while (progress && cumulation.isReadable() && state != State.CLOSED) {
                    progress = framing ? readFrame() : readHttp();
                }
            } catch (RuntimeException e) {
                fail("protocol error on " + role + ": " + e);
            } finally {
                if (cumulation != null && !cumulation.isReadable()) {
                    cumulation.release();
                    cumulation = null;
                } else if (cumulation != null) {
                    cumulation.discardSomeReadBytes();
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // what the callbacks of this read wrote (acks answered with new messages, pongs) leaves now
            gen.flushDirty();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (cumulation != null) {
                cumulation.release();
                cumulation = null;
            }
            onInactive(this);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(role + " connection error: " + cause);
            ctx.close();
        }

        private boolean readHttp() {
            ByteBuf buf = cumulation;
            int start = buf.readerIndex();
            int end = buf.writerIndex();
            int headEnd = -1;
            for (int i = start; i + 3 < end; i++) {
                if (buf.getByte(i) == '\r' && buf.getByte(i + 1) == '\n' && buf.getByte(i + 2) == '\r'
                        && buf.getByte(i + 3) == '\n') {
                    headEnd = i;
                    break;
                }
            }
            if (headEnd < 0) {
                return false;
            }
            String head = buf.toString(start, headEnd - start, StandardCharsets.ISO_8859_1);
            if (!head.startsWith("HTTP/1.1 ") || head.length() < 12) {
                throw new IllegalStateException("not an HTTP/1.1 response: " + head);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            int bodyStart = headEnd + 4;
            Awaiting was = awaiting;
            if (status == 101) {
                buf.readerIndex(bodyStart);
                framing = true;
                awaiting = Awaiting.NOTHING;
                onUpgraded();
                return true;
            }
            String lower = head.toLowerCase(Locale.ROOT);
            int cl = lower.indexOf("\r\ncontent-length:");
            if (cl >= 0) {
                int valueEnd = lower.indexOf("\r\n", cl + 2);
                int length = Integer.parseInt(lower.substring(cl + 17, valueEnd < 0 ? lower.length() : valueEnd).trim());
                if (end - bodyStart < length) {
                    return false;
                }
                buf.readerIndex(bodyStart + length);
                awaiting = Awaiting.NOTHING;
                onHttpResponse(this, was, status, buf, bodyStart, length);
                return true;
            }
            if (lower.contains("\r\ntransfer-encoding: chunked")) {
                return readChunked(buf, bodyStart, end, was, status);
            }
            throw new IllegalStateException("response without a length: " + head);
        }

        private boolean readChunked(ByteBuf buf, int bodyStart, int end, Awaiting was, int status) {
            ByteBuf body = Unpooled.buffer();
            try {
                int i = bodyStart;
                while (true) {
                    int lineEnd = -1;
                    for (int j = i; j + 1 < end; j++) {
                        if (buf.getByte(j) == '\r' && buf.getByte(j + 1) == '\n') {
                            lineEnd = j;
                            break;
                        }
                    }
                    if (lineEnd < 0) {
                        return false;
                    }
                    String sizeLine = buf.toString(i, lineEnd - i, StandardCharsets.ISO_8859_1);
                    int semi = sizeLine.indexOf(';');
                    int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                    int dataStart = lineEnd + 2;
                    if (end - dataStart < size + 2) {
                        return false;
                    }
                    if (size == 0) {
                        buf.readerIndex(dataStart + 2);
                        awaiting = Awaiting.NOTHING;
                        onHttpResponse(this, was, status, body, body.readerIndex(), body.readableBytes());
                        return true;
                    }
                    body.writeBytes(buf, dataStart, size);
                    i = dataStart + size + 2;
                }
            } finally {
                body.release();
            }
        }

        private boolean readFrame() {
            ByteBuf buf = cumulation;
            int r = buf.readerIndex();
            int n = buf.readableBytes();
            if (n < 2) {
                return false;
            }
            int b0 = buf.getByte(r) & 0xff;
            int b1 = buf.getByte(r + 1) & 0xff;
            if ((b1 & 0x80) != 0) {
                throw new IllegalStateException("masked frame from the server");
            }
            long length = b1 & 0x7f;
            int header = 2;
            if (length == 126) {
                if (n < 4) {
                    return false;
                }
                length = buf.getUnsignedShort(r + 2);
                header = 4;
            } else if (length == 127) {
                if (n < 10) {
                    return false;
                }
                length = buf.getLong(r + 2);
                header = 10;
            }
            if (length > Integer.MAX_VALUE - header) {
                throw new IllegalStateException("frame too long: " + length);
            }
            if (n < header + length) {
                return false;
            }
            int payload = r + header;
            int len = (int) length;
            buf.readerIndex(payload + len);
            int opcode = b0 & 0x0f;
            if ((b0 & 0x80) == 0 || opcode == 0) {
                throw new IllegalStateException("fragmented frames are not expected from these servers");
            }
            switch (opcode) {
                case WsCodec.OP_TEXT -> onPacket(buf, payload, len);
                case WsCodec.OP_PING -> ch.writeAndFlush(WS_PONG_EMPTY.duplicate(), ch.voidPromise());
                case WsCodec.OP_PONG, WsCodec.OP_BINARY -> gen.unexpectedPackets++;
                case WsCodec.OP_CLOSE -> ch.close();
                default -> throw new IllegalStateException("unknown opcode " + opcode);
            }
            return true;
        }
    }

    /**
     * The acknowledged message a client sends, {@code 42<id>["ping","<payload>"]}, with its constant
     * tail pre-encoded: per message only the id is formatted and masked.
     */
    public static final class PingTemplate {
        private final byte[] clearTail;
        private final byte[][] maskedTail;

        /**
         * A template.
         *
         * @param payload the string argument every message carries (ASCII, no quotes or backslashes)
         */
        public PingTemplate(String payload) {
            clearTail = Ascii.bytes("[\"ping\",\"" + payload + "\"]");
            maskedTail = WsCodec.premasked(clearTail);
        }

        ByteBuf frame(ByteBufAllocator alloc, int id) {
            int digits = Ascii.decimalLength(id);
            int prefix = 2 + digits;
            int length = prefix + clearTail.length;
            ByteBuf out = alloc.directBuffer(WsCodec.headerLength(length) + length);
            WsCodec.writeHeader(out, WsCodec.FIN_TEXT, length);
            WsCodec.writeMasked(out, '4', 0);
            WsCodec.writeMasked(out, '2', 1);
            int divisor = 1;
            for (int i = 1; i < digits; i++) {
                divisor *= 10;
            }
            int rest = id;
            for (int i = 0; i < digits; i++) {
                WsCodec.writeMasked(out, '0' + rest / divisor, 2 + i);
                rest %= divisor;
                divisor /= 10;
            }
            out.writeBytes(maskedTail[prefix & 3]);
            return out;
        }

        byte[] packet(int id) {
            byte[] digits = Ascii.bytes(Integer.toString(id));
            byte[] out = new byte[2 + digits.length + clearTail.length];
            out[0] = '4';
            out[1] = '2';
            System.arraycopy(digits, 0, out, 2, digits.length);
            System.arraycopy(clearTail, 0, out, 2 + digits.length, clearTail.length);
            return out;
        }
    }
}
