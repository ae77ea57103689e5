package dev.switchboard.socketio.javaclient;

import static dev.switchboard.fixtures.OrgJson.array;
import static dev.switchboard.fixtures.OrgJson.get;
import static dev.switchboard.fixtures.OrgJson.json;
import static dev.switchboard.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.fixtures.ClientTransport;
import dev.switchboard.fixtures.Inbox;
import dev.switchboard.fixtures.ServerFixture;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.SocketIoServer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Binary data with the Java client, over every transport (WebSocket binary frames, base64
 * records in polling payloads): {@code byte[]} at the top level, nested in objects and arrays, in
 * acknowledgements both ways, empty and large.
 */
class JavaClientBinaryTest {

    /** A record with binary members, as a server maps a nested binary payload. */
    record Upload(String name, byte[] data, List<byte[]> parts) {
    }

    private static final byte[] ALL_BYTES = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            ALL_BYTES[i] = (byte) i;
        }
    }

    private final ServerFixture<SocketIoServer> fx = InMemoryFixture.start();

    @AfterEach
    void close() {
        fx.close();
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void topLevelBytesFromTheClient(ClientTransport transport) {
        CompletableFuture<EventArgs> received = new CompletableFuture<>();
        fx.io.onConnection(s -> s.on("bin", (args, ack) -> received.complete(args)));
        io.socket.client.Socket client = fx.connect(transport, "/");

        client.emit("bin", ALL_BYTES, "text after", new byte[] {7});

        EventArgs args = await(received);
        assertThat(args.get(0, byte[].class)).isEqualTo(ALL_BYTES);
        assertThat(args.get(1, String.class)).isEqualTo("text after");
        assertThat(args.get(2, byte[].class)).containsExactly(7);
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void nestedBytesFromTheClientMapToARecord(ClientTransport transport) {
        CompletableFuture<Upload> received = new CompletableFuture<>();
        fx.io.onConnection(s -> s.on("upload", Upload.class, received::complete));
        io.socket.client.Socket client = fx.connect(transport, "/");

        client.emit("upload", json("name", "a.bin", "data", ALL_BYTES,
                "parts", array(new byte[] {1, 2}, new byte[] {3})));

        Upload upload = await(received);
        assertThat(upload.name()).isEqualTo("a.bin");
        assertThat(upload.data()).isEqualTo(ALL_BYTES);
        assertThat(upload.parts()).hasSize(2);
        assertThat(upload.parts().get(0)).containsExactly(1, 2);
        assertThat(upload.parts().get(1)).containsExactly(3);
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void topLevelAndNestedBytesFromTheServer(ClientTransport transport) throws Exception {
        fx.io.onConnection(s -> {
            s.emit("raw", ALL_BYTES, new byte[0]);
            s.emit("upload", new Upload("b.bin", new byte[] {9, 8, 7}, List.of(new byte[] {1}, new byte[] {2, 2})));
        });
        io.socket.client.Socket client = fx.socket(transport, "/");
        Inbox inbox = Inbox.of(client);
        ServerFixture.connect(client);

        Inbox.Received raw = inbox.next("raw");
        assertThat((byte[]) raw.arg(0)).isEqualTo(ALL_BYTES);
        assertThat((byte[]) raw.arg(1)).isEmpty();
        JSONObject upload = (JSONObject) inbox.next("upload").arg(0);
        assertThat(get(upload, "name")).isEqualTo("b.bin");
        assertThat((byte[]) get(upload, "data")).containsExactly(9, 8, 7);
        JSONArray parts = (JSONArray) get(upload, "parts");
        assertThat((byte[]) parts.get(0)).containsExactly(1);
        assertThat((byte[]) parts.get(1)).containsExactly(2, 2);
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void bytesInTheServersAcknowledgement(ClientTransport transport) {
        fx.io.onConnection(s -> s.on("reverse", (args, ack) -> {
            byte[] in = args.get(0, byte[].class);
            byte[] out = new byte[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = in[in.length - 1 - i];
            }
            ack.send(out, new Upload("r", out, List.of()));
        }));
        io.socket.client.Socket client = fx.connect(transport, "/");

        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        client.emit("reverse", new Object[] {new byte[] {1, 2, 3}}, answer::complete);

        Object[] args = await(answer);
        assertThat((byte[]) args[0]).containsExactly(3, 2, 1);
        assertThat((byte[]) get((JSONObject) args[1], "data")).containsExactly(3, 2, 1);
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void bytesInTheClientsAcknowledgement(ClientTransport transport) throws Exception {
        CompletableFuture<EventArgs> answer = new CompletableFuture<>();
        fx.io.onConnection(s -> s.emitWithAck("give", "please").thenAccept(answer::complete));
        io.socket.client.Socket client = fx.socket(transport, "/");
        client.on("give", args -> ((io.socket.client.Ack) args[args.length - 1])
                .call(ALL_BYTES, json("nested", new byte[] {4, 2})));
        ServerFixture.connect(client);

        EventArgs args = await(answer);
        assertThat(args.get(0, byte[].class)).isEqualTo(ALL_BYTES);
        JsonNode nested = args.get(1).get("nested");
        assertThat(nested.isBinary()).isTrue();
        assertThat(nested.binaryValue()).containsExactly(4, 2);
    }

    @ParameterizedTest
    @EnumSource(ClientTransport.class)
    void largeBinaryRoundTrips(ClientTransport transport) {
        byte[] big = new byte[300_000];
        new Random(7).nextBytes(big);
        fx.io.onConnection(s -> s.on("echo", (args, ack) -> ack.send(args)));
        io.socket.client.Socket client = fx.connect(transport, "/");

        CompletableFuture<Object[]> answer = new CompletableFuture<>();
        client.emit("echo", new Object[] {big}, answer::complete);

        assertThat((byte[]) await(answer)[0]).isEqualTo(big);
    }
}
