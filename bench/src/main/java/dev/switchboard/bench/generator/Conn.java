package dev.switchboard.bench.generator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One TCP connection of the client: HTTP/1.1 responses until a 101, WebSocket frames after. */
final class Conn extends ChannelInboundHandlerAdapter {

    /** Which of a client's connections it is. */
    enum Role { WS, GET, POST }

    /** What an HTTP connection waits for; one request is outstanding per connection at a time. */
    enum Awaiting { NOTHING, UPGRADE, HANDSHAKE, CONNECT_POST, POLL, POST }

    private static final ByteBuf WS_PONG_EMPTY = WsCodec.constant(WsCodec.FIN_PONG, new byte[0]);

    private final Client client;
    private final Generator gen;
    final Role role;
    Channel ch;
    private ByteBuf cumulation;
    private boolean framing;
    Awaiting awaiting = Awaiting.NOTHING;

    Conn(Client client, Generator gen, Role role) {
        this.client = client;
        this.gen = gen;
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
        client.onActive(this);
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
            while (progress && cumulation.isReadable() && !client.isClosed()) {
                progress = framing ? readFrame() : readHttp();
            }
        } catch (RuntimeException e) {
            client.fail("protocol error on " + role + ": " + e);
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
        client.onInactive(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        client.fail(role + " connection error: " + cause);
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
            client.onUpgraded();
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
            client.onHttpResponse(this, was, status, buf, bodyStart, length);
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
                    client.onHttpResponse(this, was, status, body, body.readerIndex(), body.readableBytes());
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
            case WsCodec.OP_TEXT -> client.onPacket(buf, payload, len);
            case WsCodec.OP_PING -> ch.writeAndFlush(WS_PONG_EMPTY.duplicate(), ch.voidPromise());
            case WsCodec.OP_PONG, WsCodec.OP_BINARY -> gen.unexpectedPackets++;
            case WsCodec.OP_CLOSE -> ch.close();
            default -> throw new IllegalStateException("unknown opcode " + opcode);
        }
        return true;
    }
}
