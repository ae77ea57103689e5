package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cluster.ClusterMessage;
import dev.switchboard.cluster.MessageType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stream entries exactly as {@code @socket.io/redis-streams-adapter} 0.3.1 writes them (the
 * literals were captured from its {@code XADD}s to a real Redis).
 */
class RedisStreamsWireTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ClusterMessage broadcast(String json) throws Exception {
        return new ClusterMessage(MessageType.BROADCAST, (ObjectNode) MAPPER.readTree(json), "3022300c92974d7d", "/");
    }

    @Test
    void aBroadcastIsAnEntryOfUidNspTypeAsTextAndJsonData() throws Exception {
        ClusterMessage message = broadcast(
                "{\"packet\":{\"type\":2,\"data\":[\"hello\",\"world\"]},\"opts\":{\"rooms\":[\"room1\"],\"except\":[],\"flags\":{}}}");

        assertThat(RedisStreamsAdapter.encodeEntry(message, false)).containsExactly(
                Map.entry("uid", "3022300c92974d7d"), Map.entry("nsp", "/"), Map.entry("type", "3"),
                Map.entry("data", "{\"packet\":{\"type\":2,\"data\":[\"hello\",\"world\"]},"
                        + "\"opts\":{\"rooms\":[\"room1\"],\"except\":[],\"flags\":{}}}"));
    }

    @Test
    void aBroadcastWithBinaryHasBase64MessagePackData() throws Exception {
        ClusterMessage message = broadcast(
                "{\"packet\":{\"type\":2,\"data\":[\"hello\"]},\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}}");
        ((com.fasterxml.jackson.databind.node.ArrayNode) message.data().get("packet").get("data"))
                .add(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.binaryNode(new byte[] {9, 8}));

        Map<String, String> entry = RedisStreamsAdapter.encodeEntry(message, false);

        assertThat(entry.get("data")).isEqualTo("gqZwYWNrZXSCpHR5cGUCpGRhdGGSpWhlbGxvxAIJCKRvcHRzg6Vyb29tc5CmZXhjZXB0kKVmbGFnc4A=");
        assertThat(RedisStreamsAdapter.decodeEntry(entry)).isEqualTo(message);
        assertThat(RedisStreamsAdapter.encodeEntry(message, true).get("data")).startsWith("{");
    }

    @Test
    void anEntryWithoutDataIsReadBack() {
        ClusterMessage message = RedisStreamsAdapter.decodeEntry(Map.of("uid", "u", "nsp", "/chat", "type", "13"));

        assertThat(message).isEqualTo(new ClusterMessage(MessageType.ADAPTER_CLOSE, null, "u", "/chat"));
    }

    @Test
    void theNextOffsetIsTheSameMillisecondsWithTheNextSequence() {
        assertThat(RedisStreamsAdapter.nextOffset("1795513431370-0")).isEqualTo("1795513431370-1");
        assertThat(RedisStreamsAdapter.nextOffset("1795513431370-41")).isEqualTo("1795513431370-42");
    }

    @Test
    void namespacesSpreadOverStreamsByJavasStringHashAsTheReferenceComputesIt() {
        RedisStreamsAdapterOptions three = RedisStreamsAdapterOptions.builder().streamCount(3).build();

        assertThat(RedisStreamsAdapterOptions.DEFAULT.streamOf("/chat")).isEqualTo("socket.io");
        // The reference's util.hashCode gives 47 for "/" and -1281345613 for "/orders-eu-west", and
        // its % keeps the sign: that namespace goes to "socket.io--1", and so it must here.
        assertThat(three.streamOf("/")).isEqualTo("socket.io-2");
        assertThat(three.streamOf("/admin")).isEqualTo("socket.io-1");
        assertThat(three.streamOf("/orders-eu-west")).isEqualTo("socket.io--1");
    }
}
