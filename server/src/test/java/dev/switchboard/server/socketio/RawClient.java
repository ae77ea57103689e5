package dev.switchboard.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.WholeMessages;
import dev.switchboard.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Socket.IO client that writes exact frames: Engine.IO packets as text (type digit first) or
 * binary messages, over a raw WebSocket (the JDK's {@link WebSocket}) or raw long-polling (the
 * JDK's {@link HttpClient}: one POST per send, one GET per read). It answers pings by itself and
 * sends nothing else on its own, so tests control every byte the server gets.
 */
abstract class RawClient implements AutoCloseable {

    /** Which transport a raw client speaks. */
    enum Transport {
        POLLING,
        WEBSOCKET
    }

    /**
     * How the server ended the session.
     *
     * @param how {@code "close packet"} (polling: the {@code 1} packet), {@code "400"} (polling: the
     *     session is gone), {@code "websocket close <status>"} or {@code "websocket error"}
     * @param status the WebSocket close status (1005 when the frame had none), or -1
     */
    record Closed(String how, int status) {
    }

    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Await.TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    private static final String RECORD_SEPARATOR = "\u001e";

    final int port;
    /** The Engine.IO session id, from the open packet. */
    String sid;

    private RawClient(int port) {
        this.port = port;
    }

    /** Opens an Engine.IO session over a transport and reads its open packet. */
    static RawClient open(Transport transport, int port) {
        RawClient c = transport == Transport.POLLING ? new Polling(port) : new Ws(port);
        Object open = c.nextPacket();
        assertThat(open).isInstanceOf(String.class);
        assertThat((String) open).startsWith("0{");
        c.sid = sidOf((String) open);
        return c;
    }

    static String sidOf(String json) {
        Matcher m = SID.matcher(json);
        assertThat(m.find()).as("a sid in " + json).isTrue();
        return m.group(1);
    }

    // ---- Engine.IO level -------------------------------------------------------------------------

    /** Sends one Engine.IO text packet as it is, e.g. {@code "42[\"a\"]"}. */
    abstract void sendPacket(String packet);

    /** Sends one Engine.IO binary message. */
    abstract void sendBinary(byte[] bytes);

    /**
     * Sends Engine.IO text packets at once: one frame each over WebSocket, one POST whose payload
     * joins them with the record separator over polling.
     */
    abstract void sendPackets(List<String> packets);

    /** The next Engine.IO packet from the server: a String (type digit first) or a byte[]. */
    abstract Object nextPacket();

    /** Waits for the server to end the session, skipping whatever else arrives. */
    abstract Closed awaitClosed();

    /** Leaves: a WebSocket is aborted, a polling session gets a close packet unless already ended. */
    @Override
    public abstract void close();

    // ---- Socket.IO level -------------------------------------------------------------------------

    /** Sends a Socket.IO packet in an Engine.IO message: {@code send("2[\"a\"]")} writes {@code 42["a"]}. */
    void send(String socketIoPacket) {
        sendPacket("4" + socketIoPacket);
    }

    /** The next Socket.IO packet (text, without the Engine.IO {@code 4}), answering pings on the way. */
    String next() {
        while (true) {
            Object p = nextPacket();
            if ("2".equals(p)) {
                sendPacket("3");
                continue;
            }
            if ("6".equals(p)) {
                // A noop releases a poll (upgrade, or a close on its way): nothing for Socket.IO.
                continue;
            }
            assertThat(p).as("a text message").isInstanceOf(String.class);
            String s = (String) p;
            assertThat(s).as("an Engine.IO message").startsWith("4");
            return s.substring(1);
        }
    }

    /** The next binary message (an attachment), answering pings on the way. */
    byte[] nextBinary() {
        while (true) {
            Object p = nextPacket();
            if ("2".equals(p)) {
                sendPacket("3");
                continue;
            }
            assertThat(p).as("a binary message").isInstanceOf(byte[].class);
            return (byte[]) p;
        }
    }

    /**
     * Connects to a namespace and returns the Socket.IO id from the CONNECT reply.
     *
     * @param nsp {@code "/"} or a name such as {@code "/admin"}
     */
    String connect(String nsp) {
        send(nsp.equals("/") ? "0" : "0" + nsp + ",");
        String reply = next();
        String prefix = nsp.equals("/") ? "0{" : "0" + nsp + ",{";
        assertThat(reply).as("CONNECT reply").startsWith(prefix);
        return sidOf(reply);
    }

    // ---- WebSocket ---------------------------------------------------------------------------------

    /** The JDK WebSocket client, whole messages queued. */
    private static final class Ws extends RawClient implements WebSocket.Listener {
        private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<Closed> closed = new CompletableFuture<>();
        private final WholeMessages whole = new WholeMessages(messages);
        private final WebSocket ws;

        Ws(int port) {
            super(port);
            URI uri = URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket");
            try {
                ws = HTTP.newWebSocketBuilder().connectTimeout(Await.TIMEOUT).buildAsync(uri, this)
                        .get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                throw new IllegalStateException("WebSocket handshake failed", e);
            }
        }

        @Override
        void sendPacket(String packet) {
            join(ws.sendText(packet, true));
        }

        @Override
        void sendBinary(byte[] bytes) {
            join(ws.sendBinary(ByteBuffer.wrap(bytes), true));
        }

        @Override
        void sendPackets(List<String> packets) {
            packets.forEach(this::sendPacket);
        }

        private static void join(CompletableFuture<WebSocket> f) {
            try {
                f.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                throw new IllegalStateException("send failed", e);
            }
        }

        @Override
        Object nextPacket() {
            return Await.take(messages);
        }

        @Override
        Closed awaitClosed() {
            return Await.await(closed);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            whole.text(data, last);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            whole.binary(data, last);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed("websocket close " + statusCode, statusCode));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed("websocket error", -1));
        }

        @Override
        public void close() {
            ws.abort();
        }
    }

    // ---- long-polling ------------------------------------------------------------------------------

    /** Raw polling: a GET per read (split on the record separator), a POST per send. */
    private static final class Polling extends RawClient {
        private final Deque<Object> buffered = new ArrayDeque<>();
        private Closed closed;

        Polling(int port) {
            super(port);
        }

        private URI uri() {
            return URI.create("http://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=polling"
                    + (sid == null ? "" : "&sid=" + sid));
        }

        /**
         * POSTs a body as it is.
         *
         * @return the response
         */
        HttpResponse<String> post(String body) {
            HttpRequest request = HttpRequest.newBuilder(uri())
                    .timeout(Await.TIMEOUT)
                    .header("Content-Type", "text/plain;charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            return exchange(request);
        }

        private static HttpResponse<String> exchange(HttpRequest request) {
            try {
                return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(request.method() + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        void sendPacket(String packet) {
            HttpResponse<String> r = post(packet);
            assertThat(r.statusCode()).as("POST " + packet + ": " + r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("ok");
        }

        @Override
        void sendBinary(byte[] bytes) {
            sendPacket("b" + Base64.getEncoder().encodeToString(bytes));
        }

        @Override
        void sendPackets(List<String> packets) {
            sendPacket(String.join(RECORD_SEPARATOR, packets));
        }

        /** One GET; its records go to the buffer. */
        private void poll() {
            HttpRequest request = HttpRequest.newBuilder(uri()).timeout(Await.TIMEOUT).GET().build();
            HttpResponse<String> r = exchange(request);
            if (r.statusCode() == 400) {
                closed = new Closed("400", -1);
                return;
            }
            assertThat(r.statusCode()).as("GET: " + r.body()).isEqualTo(200);
            for (String record : r.body().split(RECORD_SEPARATOR, -1)) {
                if (record.startsWith("b")) {
                    buffered.add(Base64.getDecoder().decode(record.substring(1)));
                } else {
                    buffered.add(record);
                }
            }
        }

        @Override
        Object nextPacket() {
            while (buffered.isEmpty()) {
                assertThat(closed).as("session still open").isNull();
                poll();
            }
            return buffered.poll();
        }

        @Override
        Closed awaitClosed() {
            long deadline = System.nanoTime() + Await.TIMEOUT.toNanos();
            while (closed == null) {
                assertThat(System.nanoTime() - deadline).as("closed within " + Await.TIMEOUT).isNegative();
                if (buffered.isEmpty()) {
                    poll();
                    continue;
                }
                Object p = buffered.poll();
                if ("1".equals(p)) {
                    closed = new Closed("close packet", -1);
                }
            }
            return closed;
        }

        @Override
        public void close() {
            if (closed == null && sid != null) {
                // Ends the session as a leaving client does; the answer does not matter.
                post("1");
            }
        }
    }

    /** POSTs a raw body on a polling client's session; for bodies a well-behaved client never sends. */
    static HttpResponse<String> post(RawClient client, String body) {
        assertThat(client).isInstanceOf(Polling.class);
        return ((Polling) client).post(body);
    }
}
