package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK's WebSocket client with its events in queues: whole text messages, whole binary
 * messages, and the close status the server sent.
 */
final class JdkWebSocket implements WebSocket.Listener {

    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
    private final WholeMessages whole = new WholeMessages(messages);
    private WebSocket socket;

    /** Opens a WebSocket; fails with the handshake's exception if the server refuses. */
    static JdkWebSocket open(HttpClient client, URI uri) {
        JdkWebSocket l = new JdkWebSocket();
        try {
            l.socket = client.newWebSocketBuilder().connectTimeout(EchoServer.TIMEOUT)
                    .buildAsync(uri, l).get(EchoServer.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
        return l;
    }

    void sendText(String s) {
        join(socket.sendText(s, true));
    }

    void sendBinary(byte[] b) {
        join(socket.sendBinary(ByteBuffer.wrap(b), true));
    }

    private static void join(CompletableFuture<WebSocket> f) {
        try {
            f.get(EchoServer.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next message: a String for text, a byte[] for binary. */
    Object next() {
        try {
            Object m = messages.poll(EchoServer.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(m).as("a message within " + EchoServer.TIMEOUT).isNotNull();
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void expectText(String expected) {
        assertThat(next()).isEqualTo(expected);
    }

    /** Waits for the server's close and returns its status (1005 when the frame had none). */
    int awaitClose() {
        try {
            return closeStatus.get(EchoServer.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("no close from the server within " + EchoServer.TIMEOUT, e);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        whole.text(data, last);
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        whole.binary(data, last);
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closeStatus.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closeStatus.completeExceptionally(error);
    }
}
