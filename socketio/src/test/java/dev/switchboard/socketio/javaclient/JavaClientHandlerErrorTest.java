package dev.switchboard.socketio.javaclient;

import static dev.switchboard.testing.Await.await;
import static dev.switchboard.testing.Await.queue;
import static dev.switchboard.testing.Await.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.OrgJson;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * User code that fails, with the Java client: a throwing event handler is logged (event name and
 * socket id) and the socket keeps working, as do the other listeners of the event; an argument
 * that does not map to the handler's type skips the handler; a socket middleware's refusal drops
 * the event and reaches the {@code error} listeners; throwing connection listeners and ack
 * callbacks leave the socket connected.
 */
class JavaClientHandlerErrorTest {

    record Point(int x, int y) {
    }

    private final ServerFixture<SocketIoServer> fx = InMemoryFixture.start();
    private final BlockingQueue<Socket> server = queue(fx.io.of("/")::onConnection);

    @AfterEach
    void close() {
        fx.close();
    }

    private static Object[] ask(io.socket.client.Socket client, String event, Object... args) {
        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        client.emit(event, args, answer::complete);
        return await(answer);
    }

    /**
     * Runs {@code action} while System.err (where slf4j-simple logs) is also copied to a buffer;
     * returns what was written.
     */
    private static String capturingStderr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public synchronized void write(int b) {
                original.write(b);
                copy.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                copy.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        synchronized (tee) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void throwingHandlerIsLoggedAndTheSocketKeepsWorking(ClientTransport transport) {
        List<String> later = new CopyOnWriteArrayList<>();
        fx.io.onConnection(s -> {
            s.on("boom", (args, ack) -> {
                throw new IllegalStateException("handler failed on purpose");
            });
            s.on("boom", (args, ack) -> later.add("second listener ran"));
            s.on("echo", (args, ack) -> ack.send(args));
        });
        io.socket.client.Socket client = fx.connect(transport, "/");
        Socket socket = take(server);

        String log = capturingStderr(() -> {
            client.emit("boom", 1);
            assertThat(ask(client, "echo", "after")).containsExactly("after");
        });

        assertThat(log).contains("handler for event \"boom\" on socket " + socket.id() + " threw")
                .contains("handler failed on purpose");
        assertThat(later).containsExactly("second listener ran");
        assertThat(socket.connected()).isTrue();
        assertThat(client.connected()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void argumentThatDoesNotMapSkipsTheTypedHandler(ClientTransport transport) {
        List<Point> points = new CopyOnWriteArrayList<>();
        fx.io.onConnection(s -> {
            s.on("point", Point.class, points::add);
            s.on("echo", (args, ack) -> ack.send(args));
        });
        io.socket.client.Socket client = fx.connect(transport, "/");

        client.emit("point", "not a point");
        client.emit("point", OrgJson.json("x", 1, "y", 2));

        assertThat(ask(client, "echo", "sync")).containsExactly("sync");
        assertThat(points).containsExactly(new Point(1, 2));
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void socketMiddlewareRefusalDropsTheEventAndReachesErrorListeners(ClientTransport transport) {
        List<String> handled = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        fx.io.onConnection(s -> {
            s.use((event, args, next) -> {
                if (event.equals("forbidden")) {
                    next.error(new IllegalArgumentException("not allowed: " + event));
                } else {
                    next.next();
                }
            });
            s.onError(error::complete);
            s.on("forbidden", (args, ack) -> handled.add("forbidden"));
            s.on("echo", (args, ack) -> ack.send(args));
        });
        io.socket.client.Socket client = fx.connect(transport, "/");

        client.emit("forbidden", 1);

        assertThat(await(error)).hasMessage("not allowed: forbidden");
        assertThat(ask(client, "echo", "ok")).containsExactly("ok");
        assertThat(handled).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void throwingConnectionListenerLeavesTheSocketConnected(ClientTransport transport) {
        fx.io.onConnection(s -> {
            throw new IllegalStateException("connection listener failed on purpose");
        });
        fx.io.onConnection(s -> s.on("echo", (args, ack) -> ack.send(args)));

        io.socket.client.Socket client = fx.connect(transport, "/");

        assertThat(ask(client, "echo", "fine")).containsExactly("fine");
        assertThat(take(server).connected()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void throwingAckCallbackLeavesTheSocketWorking(ClientTransport transport) {
        CompletableFuture<Void> called = new CompletableFuture<>();
        fx.io.onConnection(s -> {
            s.on("echo", (args, ack) -> ack.send(args));
            s.emit("question", (error, args) -> {
                called.complete(null);
                throw new IllegalStateException("ack callback failed on purpose");
            });
        });
        io.socket.client.Socket client = fx.socket(transport, "/");
        client.on("question", args -> ((io.socket.client.Ack) args[0]).call("answer"));
        ServerFixture.connect(client);

        await(called);

        assertThat(ask(client, "echo", "fine")).containsExactly("fine");
        assertThat(take(server).connected()).isTrue();
    }
}
