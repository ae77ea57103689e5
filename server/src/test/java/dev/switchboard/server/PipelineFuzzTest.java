package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.server.internal.HttpTimeouts;
import dev.switchboard.testing.LeakDetectionExtension;
import dev.switchboard.testing.Mutations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzing (issue 14) of the whole per-connection pipeline as {@link NettyServer} installs it (HTTP
 * codec, expect-continue, permessage-deflate, the engine's handler and, after an upgrade, Netty's
 * WebSocket decoder and aggregator) on an {@link EmbeddedChannel}: mutated request heads (handshake,
 * polling GET and POST, upgrades, chunked bodies) split at random points, and random or mutated
 * frames after a valid upgrade. For every input:
 * <ul>
 *   <li>no exception escapes the pipeline ({@link EmbeddedChannel#checkException});
 *   <li>every answer is a well-formed HTTP response, an Engine.IO error being its JSON body, and
 *       after the upgrade only well-formed unmasked server frames come out; a connection the server
 *       closed after an upgrade was sent a close frame;
 *   <li>once the connection is closed no WebSocket session is left, and once the engine closes no
 *       session at all;
 *   <li>the same server then serves a fresh connection's handshake (it keeps serving others);
 *   <li>after each property Netty at paranoid level reports no leaked buffer.
 * </ul>
 * Every connection of the try that holds keep-alive state or a half-read frame may wait for more
 * bytes: that is a usable connection, not a failure.
 *
 * <p>jqwik's default of 1000 tries per property; a long run is {@code ./mvnw -B -pl server -am verify
 * -Dtest=PipelineFuzzTest -Djqwik.tries.default=200000 -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PipelineFuzzTest {

    static {
        // Installs the recording leak detector factory before any buffer class is initialised when
        // this engine happens to run first in the JVM.
        new LeakDetectionExtension();
    }

    private static final String SID = "AAAAAAAAAAAAAAAAAAA1";
    private static final String UPGRADE = "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n";
    private static final String SWITCHING = "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\n"
            + "connection: upgrade\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3}) [^\r\n]*\r\n");
    private static final Pattern ERROR_BODY = Pattern.compile("\\{\"code\":\\d+,\"message\":\"[^\"]+\"}");
    private static final Pattern OPEN = Pattern.compile("HTTP/1\\.1 200 OK\r\n.*\r\n\r\n0\\{\"sid\":\"A{19}\\d+\","
            + "\"upgrades\":\\[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000}",
            Pattern.DOTALL);

    /** The seeds of the request-head generator, also run as they are by the corpus example. */
    private static final List<String> VALID_HEADS = List.of(
            "GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /engine.io/?EIO=3&transport=polling&b64=1 HTTP/1.1\r\nHost: x\r\nOrigin: http://a\r\n\r\n",
            "GET /engine.io/?EIO=4&transport=polling&sid=" + SID + " HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /engine.io/?EIO=4&transport=polling&sid=" + SID + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: 11\r\n\r\n4hello\u001e4abc",
            "POST /engine.io/?EIO=4&transport=polling&sid=" + SID + " HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n6\r\n4hello\r\n0\r\n\r\n",
            "POST /engine.io/?EIO=4&transport=polling&sid=" + SID + " HTTP/1.1\r\nHost: x\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 2\r\n\r\n4x",
            "OPTIONS /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nOrigin: http://a\r\n"
                    + "Access-Control-Request-Method: POST\r\n\r\n",
            UPGRADE + "\r\n",
            UPGRADE + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n",
            "GET /engine.io/?EIO=4&transport=websocket&sid=" + SID + " HTTP/1.1\r\nHost: x\r\n"
                    + UPGRADE.substring(UPGRADE.indexOf("Upgrade:")) + "\r\n");

    /** One try's server: a fresh engine, so that session ids are known and tries do not interact. */
    private static final class Fixture {
        final AtomicInteger ids = new AtomicInteger();
        final EngineIoServer engine = EngineIoServer.create(EngineIoOptions.builder()
                .maxHttpBufferSize(1000)
                .perMessageDeflate(true)
                .generateId(req -> "AAAAAAAAAAAAAAAAAAA" + ids.incrementAndGet())
                .build());
        final NettyServer server = NettyServer.create(engine);
        final ChannelGroup connections = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);

        Fixture() {
            engine.onConnection(socket -> socket.onMessage(socket::send));
        }

        EmbeddedChannel connect() {
            return new EmbeddedChannel(server.childInitializer(HttpTimeouts.NODE, connections));
        }
    }

    @Example
    void everySeedRequestIsAnsweredAsTheProtocolSays() {
        for (String head : VALID_HEADS) {
            anyRequestHeadIsAnsweredWithAWellFormedResponseAndNothingEscapesOrLeaks(
                    List.of(head.getBytes(StandardCharsets.ISO_8859_1)), true);
        }
    }

    @Example
    void theCommittedFrameCorpusIsHandledLikeAnyOtherFrames() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("fuzz/websocket-frames.txt")) {
            assertThat(in).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
                try {
                    anyBytesAfterAValidUpgradeAreAnsweredWithFramesOrACloseAndNothingEscapesOrLeaks(
                            List.of(java.util.HexFormat.of().parseHex(line)));
                } catch (AssertionError e) {
                    throw new AssertionError("corpus line " + line + ": " + e.getMessage(), e);
                }
            }
        }
    }

    @Property
    void anyRequestHeadIsAnsweredWithAWellFormedResponseAndNothingEscapesOrLeaks(
            @ForAll("heads") List<byte[]> chunks, @ForAll boolean handshakeFirst) {
        Statistics.label("first answer").collect(assertRequestBytesAreAnswered(chunks, handshakeFirst));
    }

    @Property
    void anyBytesAfterAValidUpgradeAreAnsweredWithFramesOrACloseAndNothingEscapesOrLeaks(
            @ForAll("frameChunks") List<byte[]> chunks) {
        Statistics.label("connection").collect(assertBytesAfterAnUpgradeAreAnswered(chunks));
    }

    /**
     * The request half of the oracle, shared with {@link PipelineCoverageFuzzTest}: the chunks, one
     * read each, on a fresh server's connection (after a handshake when asked); the answer is a
     * well-formed response, nothing escapes, and the server then serves another connection. The leak
     * check is the caller's.
     *
     * @return the first answer's status ({@code "none yet"} when the server still waits for bytes)
     */
    static String assertRequestBytesAreAnswered(List<byte[]> chunks, boolean handshakeFirst) {
        Fixture f = new Fixture();
        EmbeddedChannel ch = f.connect();
        StringBuilder out = new StringBuilder();
        if (handshakeFirst) {
            // The mutated request then finds a live polling session with the id it names.
            feed(ch, VALID_HEADS.get(0).getBytes(StandardCharsets.ISO_8859_1), out);
        }
        for (byte[] chunk : chunks) {
            if (!ch.isOpen()) {
                break;
            }
            feed(ch, chunk, out);
        }
        String response = out.toString();
        Matcher first = STATUS.matcher(response);
        String outcome = response.isEmpty() ? "none yet" : first.lookingAt() ? first.group(1) : "?";
        if (!response.isEmpty()) {
            Matcher status = STATUS.matcher(response);
            assertThat(status.lookingAt()).as("a status line first: %s", response).isTrue();
            int code = Integer.parseInt(status.group(1));
            if (code >= 400 && response.contains("application/json")) {
                assertThat(ERROR_BODY.matcher(response).find()).as("Engine.IO error body in %s", response).isTrue();
            }
        }
        closeAndCheck(f, ch);
        return outcome;
    }

    /**
     * The WebSocket half, shared with {@link PipelineCoverageFuzzTest}: after a valid upgrade the
     * chunks, one read each; only well-formed server frames come out, a connection the server ends
     * gets a close frame, nothing escapes, and the server then serves another connection. The leak
     * check is the caller's.
     *
     * @return how the connection ended
     */
    static String assertBytesAfterAnUpgradeAreAnswered(List<byte[]> chunks) {
        Fixture f = new Fixture();
        EmbeddedChannel ch = f.connect();
        StringBuilder head = new StringBuilder();
        feed(ch, (UPGRADE + "\r\n").getBytes(StandardCharsets.ISO_8859_1), head);
        assertThat(head.toString()).startsWith(SWITCHING);
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            if (!ch.isOpen()) {
                break;
            }
            ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            ch.runPendingTasks();
            ch.checkException();
            drain(ch, frames);
        }
        boolean closedByServer = !ch.isOpen();
        boolean sawClose;
        try {
            sawClose = checkServerFrames(frames.toByteArray());
        } catch (AssertionError e) {
            throw new AssertionError("server wrote " + java.util.HexFormat.of().formatHex(frames.toByteArray()) + ": "
                    + e.getMessage(), e);
        }
        if (closedByServer) {
            assertThat(sawClose).as("a connection the server ends gets a close frame first").isTrue();
        }
        closeAndCheck(f, ch);
        return closedByServer ? "closed by the server" : sawClose ? "close frame sent, awaiting the client's" : "open";
    }

    @Example
    void aLeakedBufferIsReportedSoThatTheLeakCheckCanFail() throws InterruptedException {
        leak();
        assertThat(LeakDetectionExtension.collectLeaks()).as("the recording leak detector is installed").isNotEmpty();
    }

    private static void leak() {
        // Dropped unreleased on purpose: once collected, paranoid detection must report it.
        Unpooled.directBuffer(8).writeLong(42);
    }

    @AfterProperty
    void nothingLeaked() throws InterruptedException {
        assertThat(LeakDetectionExtension.collectLeaks()).isEmpty();
    }

    // ---- checks --------------------------------------------------------------------------------

    private static void feed(EmbeddedChannel ch, byte[] bytes, StringBuilder out) {
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        ch.runPendingTasks();
        ch.checkException();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        drain(ch, b);
        out.append(b.toString(StandardCharsets.ISO_8859_1));
    }

    private static void drain(EmbeddedChannel ch, ByteArrayOutputStream out) {
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            try {
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                out.writeBytes(bytes);
            } finally {
                b.release();
            }
        }
    }

    /**
     * Parses what the server wrote after the upgrade: the open packet and whatever followed, as
     * unmasked RFC 6455 frames with known opcodes and no bytes left over.
     *
     * @return whether a close frame was among them
     */
    private static boolean checkServerFrames(byte[] b) {
        int i = 0;
        boolean close = false;
        while (i < b.length) {
            assertThat(b.length - i).as("frame header").isGreaterThanOrEqualTo(2);
            int opcode = b[i] & 0x0f;
            assertThat(opcode).as("opcode").isIn(0, 1, 2, 8, 9, 10);
            assertThat(b[i + 1] & 0x80).as("server frames are not masked").isZero();
            long len = b[i + 1] & 0x7f;
            int at = i + 2;
            if (len == 126) {
                len = ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
                at += 2;
            } else if (len == 127) {
                len = java.nio.ByteBuffer.wrap(b, at, 8).getLong();
                at += 8;
            }
            assertThat(at + len).as("whole frame").isLessThanOrEqualTo(b.length);
            assertThat(close).as("nothing follows the server's close frame").isFalse();
            close |= opcode == 8;
            i = (int) (at + len);
        }
        return close;
    }

    /**
     * Closes the connection: its WebSocket session must be gone at once; closing the engine ends
     * the polling sessions a connection never owns. A fresh connection is then served.
     */
    private static void closeAndCheck(Fixture f, EmbeddedChannel ch) {
        ch.close();
        ch.runPendingTasks();
        ch.checkException();
        ch.finishAndReleaseAll();
        assertThat(f.engine.clients()).noneMatch(s -> s.transport() == TransportType.WEBSOCKET);

        EmbeddedChannel fresh = f.connect();
        StringBuilder out = new StringBuilder();
        feed(fresh, VALID_HEADS.get(0).getBytes(StandardCharsets.ISO_8859_1), out);
        assertThat(OPEN.matcher(out).matches()).as("a fresh connection is served: %s", out).isTrue();
        fresh.close();
        fresh.runPendingTasks();
        fresh.finishAndReleaseAll();

        f.engine.close();
        ch.runPendingTasks();
        fresh.runPendingTasks();
        assertThat(f.engine.clientsCount()).isZero();
    }

    // ---- generators ----------------------------------------------------------------------------

    @Provide
    Arbitrary<List<byte[]>> heads() {
        Arbitrary<String> valid = Arbitraries.of(VALID_HEADS);
        Arbitrary<String> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 100_000),
                Arbitraries.of("\r\n", "\r", "\n", " ", ":", "/", "?", "&", "=", "%", "%zz", "\u0000", "\u00ff", "\t",
                        "0", "-1", "99999999999", "Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n",
                        "Upgrade: foo\r\n", "\r\n\r\n", "EIO=4", "sid=" + SID, "transport=websocket"),
                Arbitraries.integers().between(0, 4))
                .as(PipelineFuzzTest::mutate);
        Arbitrary<String> twice = mutated.list().ofSize(2).map(l -> l.get(0) + l.get(1));
        Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(1, valid), Tuple.of(6, mutated), Tuple.of(2, twice),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(60)));
        Arbitrary<byte[]> bytes = Arbitraries.oneOf(
                text.map(s -> s.getBytes(StandardCharsets.ISO_8859_1)),
                text.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(60));
        return Combinators.combine(bytes, Arbitraries.integers().between(0, 10_000).list().ofMaxSize(3))
                .as(PipelineFuzzTest::split);
    }

    @Provide
    Arbitrary<List<byte[]>> frameChunks() {
        Arbitrary<byte[]> frame = Combinators.combine(
                Arbitraries.of(0x81, 0x82, 0x01, 0x80, 0x00, 0x88, 0x89, 0x8a, 0xc1, 0xc2, 0x41, 0x83, 0x8b, 0x91, 0xf1),
                Arbitraries.of("4hello", "4", "", "40", "2", "3", "5", "6", "1", "3probe", "5x", "4\u00e9",
                        "b4AQID", "\u0000\u00ff"),
                Arbitraries.of(true, true, false),
                Arbitraries.integers().between(0, 3))
                .as((first, text, masked, lengthForm) -> frame(first, text.getBytes(StandardCharsets.UTF_8), masked,
                        lengthForm));
        Arbitrary<byte[]> sequence = frame.list().ofMinSize(1).ofMaxSize(4).map(PipelineFuzzTest::concat);
        Arbitrary<byte[]> mutatedSequence = Combinators.combine(sequence, Arbitraries.integers().between(0, 100_000),
                Arbitraries.of((byte) 0x00, (byte) 0xff, (byte) 0x7e, (byte) 0x7f, (byte) 0x80, (byte) 0x88))
                .as(Mutations::mutate);
        Arbitrary<byte[]> bytes = Arbitraries.frequencyOf(Tuple.of(3, sequence), Tuple.of(5, mutatedSequence),
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(40)));
        return Combinators.combine(bytes, Arbitraries.integers().between(0, 10_000).list().ofMaxSize(3))
                .as(PipelineFuzzTest::split);
    }

    /** A client frame: masked with a fixed key or not (a protocol error), its length in any of the three forms. */
    static byte[] frame(int first, byte[] payload, boolean masked, int lengthForm) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first);
        int mask = masked ? 0x80 : 0;
        if (lengthForm == 0 && payload.length < 126) {
            out.write(mask | payload.length);
        } else if (lengthForm <= 2) {
            out.write(mask | 126);
            out.write(payload.length >> 8);
            out.write(payload.length);
        } else {
            out.write(mask | 127);
            out.writeBytes(java.nio.ByteBuffer.allocate(8).putLong(payload.length).array());
        }
        byte[] key = {0x11, 0x22, 0x33, 0x44};
        if (masked) {
            out.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return out.toByteArray();
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Cuts the input at the given points, so that heads and frames also arrive across reads. */
    private static List<byte[]> split(byte[] b, List<Integer> cuts) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int cut : cuts.stream().map(c -> c % (b.length + 1)).sorted().toList()) {
            if (cut > from) {
                out.add(java.util.Arrays.copyOfRange(b, from, cut));
                from = cut;
            }
        }
        out.add(java.util.Arrays.copyOfRange(b, from, b.length));
        return out;
    }

    private static String mutate(String s, int at, String inserted, int kind) {
        int i = at % (s.length() + 1);
        return switch (kind) {
            case 0 -> s.substring(0, i);
            case 1 -> s.substring(0, i) + inserted + s.substring(i);
            case 2 -> i < s.length() ? s.substring(0, i) + (char) (s.charAt(i) ^ (1 << (at % 8))) + s.substring(i + 1) : s;
            case 3 -> s.substring(0, i) + s.substring(Math.min(s.length(), i + 1 + at % 7));
            default -> s.substring(0, i) + inserted + s.substring(Math.min(s.length(), i + inserted.length()));
        };
    }
}
