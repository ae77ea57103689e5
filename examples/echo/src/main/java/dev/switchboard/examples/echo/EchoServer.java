package dev.switchboard.examples.echo;

import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.server.NettyServer;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The smallest Engine.IO application: every message a client sends comes back to it as it was
 * received, text as text and binary as binary.
 *
 * <p>Run it with {@code java -jar examples/echo/target/switchboard-echo.jar}; it listens on the
 * port in the {@code PORT} environment variable (default 3000) at {@code /engine.io/}, and any
 * {@code engine.io-client} 6.x can talk to it:
 *
 * <pre>{@code
 * import { Socket } from "engine.io-client";
 * const socket = new Socket("ws://localhost:3000");
 * socket.on("open", () => socket.send("hello"));
 * socket.on("message", (data) => console.log(data)); // hello
 * }</pre>
 */
public final class EchoServer {

    private static final Logger log = LoggerFactory.getLogger(EchoServer.class);

    /** The port used when {@code PORT} is not set. */
    static final int DEFAULT_PORT = 3000;

    private EchoServer() {
    }

    /**
     * Starts the server and keeps running until the JVM is asked to stop (Ctrl+C, SIGTERM).
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        int port = port(System.getenv("PORT"));
        EngineIoServer engine = EngineIoServer.create(EngineIoOptions.DEFAULT);
        engine.onConnection(socket -> socket.onMessage(socket::send));
        NettyServer server = NettyServer.create(engine).listen(port);
        log.info("Engine.IO echo server listening on http://localhost:{}{}",
                server.port(), engine.options().path());

        // The main thread waits for the shutdown hook so that a stop request closes every session
        // (clients see the close) before the JVM goes away.
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "echo-shutdown"));
        stopped.await();
    }

    /**
     * The port to listen on.
     *
     * @param value the {@code PORT} environment variable, or {@code null}
     * @return the port
     * @throws IllegalArgumentException if the value is not a port number
     */
    static int port(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below with the value, which says more than the parser's message.
        }
        throw new IllegalArgumentException("PORT must be a number from 0 to 65535, not \"" + value + "\"");
    }
}
