package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * nginx (the Debian package) in front of two Java servers sharing one Redis, configured with
 * {@code docs/deployment/nginx.conf} as documented in {@code docs/DEPLOYMENT.md}: polling-only,
 * WebSocket-only and default clients from several source addresses all work, land on both
 * servers and reach each other. A control run of the same file without its {@code hash} line
 * shows why long-polling needs sticky sessions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxDeploymentTest {

    static final String MISSING = "nginx is needed: apt-get install nginx";
    private static final String[] POLLING = {"polling"};
    private static final String[] WEBSOCKET = {"websocket"};

    private RedisServer redis;
    private JavaNode j1;
    private JavaNode j2;
    private Nginx sticky;

    @BeforeAll
    void start() {
        redis = RedisServer.start();
        j1 = new JavaNode("j1", redis.uri(), RedisAdapterOptions.DEFAULT).awaitReady();
        j2 = new JavaNode("j2", redis.uri(), RedisAdapterOptions.DEFAULT).awaitReady();
        sticky = Nginx.start(documentedConfig(), j1.http.port(), j2.http.port());
    }

    @AfterEach
    void awaitClientsGone() {
        j1.awaitNoSockets();
        j2.awaitNoSockets();
    }

    @AfterAll
    void stop() {
        Teardown.closeInOrder(sticky, j1, j2, redis);
    }

    static String documentedConfig() {
        String path = System.getProperty("deployment.nginxConf", "../docs/deployment/nginx.conf");
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("the documented nginx config is missing: " + path, e);
        }
    }

    private static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Clients from 127.0.0.2 on, each told which server it reached. */
    private void clientsOnBothServersTalkToEachOther(String[] transports) {
        List<TestClient> clients = new ArrayList<>();
        try {
            Set<String> servers = new HashSet<>();
            // At least eight clients, more if the consistent hash happened to put those on one server.
            for (int i = 2; i <= 40 && (clients.size() < 8 || servers.size() < 2); i++) {
                TestClient c = TestClient.connect(sticky.url(), "c" + i, transports, loopback(i), "news", "relayed");
                clients.add(c);
                servers.add((String) c.emitWithAck("whoami")[0]);
            }
            assertThat(servers).as("the hash spreads client addresses over both servers").containsExactlyInAnyOrder("j1", "j2");

            // Many round trips per client: every polling request of a session must reach its server.
            for (int round = 0; round < 5; round++) {
                j1.io.emit("news", round, new byte[] {(byte) round});
                for (TestClient c : clients) {
                    Object[] got = c.next("news");
                    assertThat(got[0]).isEqualTo(round);
                    assertThat((byte[]) got[1]).containsExactly((byte) round);
                }
            }
            clients.get(0).socket().emit("relay", "across nodes");
            for (TestClient c : clients.subList(1, clients.size())) {
                assertThat(c.next("relayed")[0]).isEqualTo("across nodes");
            }
            for (TestClient c : clients) {
                assertThat(c.isDisconnected()).isFalse();
            }
            String expected = transports == POLLING ? "polling" : "websocket";
            awaitTransports(expected, clients.size());
        } finally {
            clients.forEach(TestClient::close);
        }
    }

    /** Waits until every server-side socket uses the transport (an upgrade ends asynchronously). */
    private void awaitTransports(String transport, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> now = serverTransports();
        while (!(now.size() == count && now.stream().allMatch(transport::equals))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " sockets on " + transport + ", got " + now);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            now = serverTransports();
        }
    }

    @Test
    void pollingOnlyClientsWorkThroughNginx() {
        clientsOnBothServersTalkToEachOther(POLLING);
    }

    @Test
    void webSocketOnlyClientsWorkThroughNginx() {
        clientsOnBothServersTalkToEachOther(WEBSOCKET);
    }

    @Test
    void defaultClientsUpgradeAndWorkThroughNginx() {
        clientsOnBothServersTalkToEachOther(null);
    }

    /** The transport each server-side socket uses now. */
    private List<String> serverTransports() {
        List<String> out = new ArrayList<>();
        for (JavaNode n : List.of(j1, j2)) {
            n.main().sockets().values().forEach(s -> out.add(s.conn().transport().wireName()));
        }
        return out;
    }

    @Test
    void withoutStickySessionsPollingFailsButWebSocketStillWorks() {
        String roundRobin = documentedConfig().replaceAll("(?m)^\\s*hash \\$remote_addr consistent;\\s*$", "");
        assertThat(roundRobin).isNotEqualTo(documentedConfig());
        try (Nginx plain = Nginx.start(roundRobin, j1.http.port(), j2.http.port())) {
            // The session's second request reaches the other server, which answers "Session ID unknown".
            assertThatThrownBy(() -> TestClient.connect(plain.url(), "lost", POLLING).close())
                    .isInstanceOf(AssertionError.class).hasMessageContaining("did not connect");
            try (TestClient ws = TestClient.connect(plain.url(), "ws", WEBSOCKET, loopback(2))) {
                assertThat(ws.emitWithAck("whoami")[0]).isIn("j1", "j2");
            }
        } finally {
            // The failed polling session may have left a half-open socket (it would end at the ping timeout).
            j1.io.local().disconnectSockets(true);
            j2.io.local().disconnectSockets(true);
        }
    }

    /** An nginx master process running one site config in a temporary prefix. */
    static final class Nginx implements AutoCloseable {
        private final Path dir;
        private final int port;
        private final Process process;

        private Nginx(Path dir, int port, Process process) {
            this.dir = dir;
            this.port = port;
            this.process = process;
        }

        /**
         * Starts nginx with a site config whose upstream servers become the two ports and whose
         * {@code listen} becomes a free loopback port.
         */
        static Nginx start(String site, int upstream1, int upstream2) {
            if (!new java.io.File("/usr/sbin/nginx").canExecute() && !onPath("nginx")) {
                throw new AssertionError(MISSING);
            }
            try {
                Path dir = Files.createTempDirectory("switchboard-nginx");
                int port;
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = s.getLocalPort();
                }
                String config = site.replace("server 127.0.0.1:3001;", "server 127.0.0.1:" + upstream1 + ";")
                        .replace("server 127.0.0.1:3002;", "server 127.0.0.1:" + upstream2 + ";")
                        .replaceAll("(?m)^(\\s*)listen 80;", "$1listen 127.0.0.1:" + port + ";");
                if (config.contains(":3001;") || config.contains(":3002;") || !config.contains(":" + port + ";")) {
                    throw new AssertionError("the documented config no longer has the expected upstream/listen lines");
                }
                Files.writeString(dir.resolve("site.conf"), config);
                String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
                Files.writeString(dir.resolve("nginx.conf"), user
                        + "worker_processes 1;\n"
                        + "pid " + dir.resolve("nginx.pid") + ";\n"
                        + "error_log " + dir.resolve("error.log") + " warn;\n"
                        + "events { worker_connections 512; }\n"
                        + "http {\n"
                        + "  access_log off;\n"
                        + "  client_body_temp_path " + dir.resolve("body") + ";\n"
                        + "  proxy_temp_path " + dir.resolve("proxy") + ";\n"
                        + "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";\n"
                        + "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";\n"
                        + "  scgi_temp_path " + dir.resolve("scgi") + ";\n"
                        + "  include " + dir.resolve("site.conf") + ";\n"
                        + "}\n", StandardCharsets.UTF_8);
                Process p = new ProcessBuilder(nginx(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                        "-e", dir.resolve("error.log").toString(), "-g", "daemon off;")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
                Nginx nginx = new Nginx(dir, port, p);
                nginx.awaitListening();
                return nginx;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String nginx() {
            return new java.io.File("/usr/sbin/nginx").canExecute() ? "/usr/sbin/nginx" : "nginx";
        }

        private static boolean onPath(String tool) {
            try {
                Process p = new ProcessBuilder(tool, "-v").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private void awaitListening() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("nginx exited: " + logs());
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return;
                } catch (IOException notYet) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            }
            throw new AssertionError("nginx did not listen on " + port + ": " + logs());
        }

        private String logs() {
            StringBuilder out = new StringBuilder();
            for (String f : new String[] {"stdout.log", "error.log"}) {
                try {
                    out.append(Files.readString(dir.resolve(f)));
                } catch (IOException ignored) {
                    // not written
                }
            }
            return out.toString();
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temporary directory is harmless
            }
        }
    }
}
