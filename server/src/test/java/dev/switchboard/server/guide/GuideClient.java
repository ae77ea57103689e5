package dev.switchboard.server.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
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
 * A raw Engine.IO v4 client over the JDK's WebSocket for the guide's tests: text frames are packets
 * as written on the wire, binary frames are attachments.
 */
final class GuideClient implements WebSocket.Listener, AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern SID = Pattern.compile("^40\\{\"sid\":\"([A-Za-z0-9_-]+)\"(,\"pid\":\"[A-Za-z0-9_-]+\")?\\}$");

    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private WebSocket ws;

    static GuideClient open(HttpClient http, int port, String path) {
        GuideClient c = new GuideClient();
        c.ws = await(http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(
                URI.create("ws://127.0.0.1:" + port + path + "?EIO=4&transport=websocket"), c));
        assertThat(c.next()).startsWith("0{\"sid\":");
        return c;
    }

    /** Joins a namespace and returns the socket id; fails on any other answer. */
    String connect(String nsp, String auth) {
        String prefix = nsp.equals("/") ? "" : nsp + ",";
        send("40" + prefix + auth);
        String reply = next();
        assertThat(reply).as("CONNECT reply").startsWith("40" + prefix);
        Matcher m = SID.matcher("40" + reply.substring(2 + prefix.length()));
        assertThat(m.matches()).as("CONNECT reply %s", reply).isTrue();
        return m.group(1);
    }

    void send(String packet) {
        await(ws.sendText(packet, true));
    }

    void sendBinary(byte[] bytes) {
        await(ws.sendBinary(ByteBuffer.wrap(bytes), true));
    }

    String next() {
        Object m = poll();
        assertThat(m).as("a text frame").isInstanceOf(String.class);
        return (String) m;
    }

    byte[] nextBinary() {
        Object m = poll();
        assertThat(m).as("a binary frame").isInstanceOf(byte[].class);
        return (byte[]) m;
    }

    void expect(String packet) {
        assertThat(next()).isEqualTo(packet);
    }

    /** Waits for the server's close frame and returns its status. */
    int awaitClose() {
        return await(closed);
    }

    private Object poll() {
        try {
            Object m = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(m).as("a frame within %s", TIMEOUT).isNotNull();
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            messages.add(text.toString());
            text.setLength(0);
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        binary.writeBytes(b);
        if (last) {
            messages.add(binary.toByteArray());
            binary = new ByteArrayOutputStream();
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
        closed.complete(status);
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        closed.completeExceptionally(error);
    }

    @Override
    public void close() {
        ws.abort();
    }
}
