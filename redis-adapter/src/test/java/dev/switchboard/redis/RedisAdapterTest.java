package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The classic protocol ({@code createAdapter}) across three Java servers: {@link ClusterContract} plus its own requests. */
class RedisAdapterTest extends ClusterContract {

    @Override
    RedisAdapterOptions options() {
        return RedisAdapterOptions.DEFAULT;
    }

    @Test
    void countsEveryServerThatSubscribedTheRequestChannelOnce() {
        assertThat(redis.arrayCommand("PUBSUB NUMSUB socket.io-request#/#")).containsExactly("socket.io-request#/#", "3");
    }

    @Test
    void allRoomsListsTheRoomsOfEveryServer() {
        try (TestClient a = n1.client("a"); TestClient c = n3.client("c")) {
            a.emitWithAck("join", "alpha");
            c.emitWithAck("join", "gamma");

            Set<String> rooms = await(((RedisAdapter) n2.main().adapter()).allRooms());

            assertThat(rooms).contains("alpha", "gamma", a.id(), c.id());
        }
    }

    @Test
    void answersLegacyRequestsAndSurvivesMalformedOnes() {
        try (TestClient a = n1.client("a"); RedisServer.Subscription responses = redis.subscribe("socket.io-response#/#")) {
            // Neither JSON nor msgpack, then not an object: dropped, nothing else happens.
            redis.publish("socket.io-request#/#", new byte[] {(byte) 0xc1});
            redis.publish("socket.io-request#/#", "[1,2]".getBytes(StandardCharsets.UTF_8));

            // Type 0 (sockets), still answered by every server.
            redis.publish("socket.io-request#/#",
                    "{\"uid\":\"other\",\"requestId\":\"legacy0\",\"type\":0,\"rooms\":[]}".getBytes(StandardCharsets.UTF_8));
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(new String(responses.next(), StandardCharsets.UTF_8));
            }
            assertThat(answers).containsExactlyInAnyOrder("{\"requestId\":\"legacy0\",\"sockets\":[\"" + a.id() + "\"]}",
                    "{\"requestId\":\"legacy0\",\"sockets\":[]}", "{\"requestId\":\"legacy0\",\"sockets\":[]}");

            // The pre-7.x join form {requestId, sid, room}: applied by the socket's server, which answers.
            redis.publish("socket.io-request#/#", ("{\"requestId\":\"legacy2\",\"type\":2,\"sid\":\"" + a.id()
                    + "\",\"room\":\"legacy-room\"}").getBytes(StandardCharsets.UTF_8));
            assertThat(new String(responses.next(), StandardCharsets.UTF_8)).isEqualTo("{\"requestId\":\"legacy2\"}");
            assertThat(n1.main().socket(a.id()).rooms()).contains("legacy-room");
        }
    }
}
