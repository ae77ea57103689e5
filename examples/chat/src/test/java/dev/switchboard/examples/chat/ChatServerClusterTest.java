package dev.switchboard.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.postgres.PostgresAdapterFactory;
import dev.switchboard.redis.RedisAdapter;
import dev.switchboard.redis.RedisAdapterFactory;
import dev.switchboard.redis.RedisStreamsAdapterFactory;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.adapter.AdapterFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code REDIS_URL} makes the chat a cluster member; without it the chat is a single server;
 * {@code SWITCHBOARD_ADAPTER} picks the Redis Streams or the Postgres adapter.
 */
class ChatServerClusterTest {

    @Test
    void withoutRedisUrlTheChatIsASingleServer() {
        assertThat(ChatServer.clusterAdapter(Map.of())).isNull();
        assertThat(ChatServer.clusterAdapter(Map.of("REDIS_URL", " "))).isNull();
    }

    @Test
    void switchboardAdapterPicksTheAdapterAndSaysWhatIsMissing() {
        AdapterFactory streams = ChatServer.clusterAdapter(Map.of("SWITCHBOARD_ADAPTER", "redis-streams",
                "REDIS_URL", "redis://127.0.0.1:1"));
        AdapterFactory postgres = ChatServer.clusterAdapter(Map.of("SWITCHBOARD_ADAPTER", "postgres",
                "DATABASE_URL", "postgres://chat@127.0.0.1:1/chat"));
        try {
            assertThat(streams).isInstanceOf(RedisStreamsAdapterFactory.class);
            assertThat(postgres).isInstanceOf(PostgresAdapterFactory.class);
            assertThat(ChatServer.createServer(streams).options().connectionStateRecovery()).isNotNull();
        } finally {
            ChatServer.closeAdapter(streams).orTimeout(10, TimeUnit.SECONDS).join();
            ChatServer.closeAdapter(postgres).orTimeout(10, TimeUnit.SECONDS).join();
        }
        assertThatThrownBy(() -> ChatServer.clusterAdapter(Map.of("SWITCHBOARD_ADAPTER", "postgres")))
                .hasMessage("SWITCHBOARD_ADAPTER=postgres needs DATABASE_URL");
        assertThatThrownBy(() -> ChatServer.clusterAdapter(Map.of("SWITCHBOARD_ADAPTER", "redis-streams")))
                .hasMessage("SWITCHBOARD_ADAPTER=redis-streams needs REDIS_URL");
        assertThatThrownBy(() -> ChatServer.clusterAdapter(Map.of("SWITCHBOARD_ADAPTER", "kafka")))
                .hasMessageContaining("use redis, redis-streams or postgres");
    }

    @Test
    void twoChatServersWithTheSameRedisUrlFormOneCluster() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process redis;
        try {
            redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("redis-server is needed: apt-get install redis-server", e);
        }
        try {
            CountDownLatch ready = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(redis.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.contains("Ready to accept connections")) {
                            ready.countDown();
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            assertThat(ready.await(15, TimeUnit.SECONDS)).as("redis-server started").isTrue();

            Map<String, String> env = Map.of("REDIS_URL", "redis://127.0.0.1:" + port);
            RedisAdapterFactory redis1 = (RedisAdapterFactory) ChatServer.clusterAdapter(env);
            RedisAdapterFactory redis2 = (RedisAdapterFactory) ChatServer.clusterAdapter(env);
            SocketIoServer io1 = ChatServer.createServer(redis1);
            SocketIoServer io2 = ChatServer.createServer(redis2);
            try {
                ((RedisAdapter) io1.sockets().adapter()).ready().get(10, TimeUnit.SECONDS);
                ((RedisAdapter) io2.sockets().adapter()).ready().get(10, TimeUnit.SECONDS);

                assertThat(io1.sockets().adapter().serverCount().toCompletableFuture().get(10, TimeUnit.SECONDS))
                        .isEqualTo(2);
            } finally {
                io1.close().get(10, TimeUnit.SECONDS);
                io2.close().get(10, TimeUnit.SECONDS);
                redis1.closeAsync().get(10, TimeUnit.SECONDS);
                redis2.closeAsync().get(10, TimeUnit.SECONDS);
            }
        } finally {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
