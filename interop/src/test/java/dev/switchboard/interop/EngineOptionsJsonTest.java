package dev.switchboard.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engineio.CookieOptions;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.TransportType;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineOptionsJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static EngineIoOptions parse(String json) throws Exception {
        return EngineOptionsJson.parse(MAPPER.readTree(json), Set.of("echo"));
    }

    private static JsonNode json(String json) throws Exception {
        return MAPPER.readTree(json);
    }

    @Test
    void emptyObjectGivesEngineIoDefaults() throws Exception {
        EngineIoOptions o = parse("{}");
        assertThat(o.path()).isEqualTo("/engine.io/");
        assertThat(o.pingInterval()).isEqualTo(Duration.ofMillis(25_000));
        assertThat(o.pingTimeout()).isEqualTo(Duration.ofMillis(20_000));
        assertThat(o.maxHttpBufferSize()).isEqualTo(1_000_000);
        assertThat(o.transports()).containsExactlyInAnyOrder(TransportType.POLLING, TransportType.WEBSOCKET);
        assertThat(o.allowUpgrades()).isTrue();
        assertThat(o.cookie()).isNull();
        assertThat(o.cors()).isNull();
    }

    @Test
    void readsTimingsInMillisecondsAndSizesInBytes() throws Exception {
        EngineIoOptions o = parse("{\"pingInterval\":300,\"pingTimeout\":200,\"upgradeTimeout\":1500,"
                + "\"maxHttpBufferSize\":1000,\"maxBufferedBytes\":4096}");
        assertThat(o.pingInterval()).isEqualTo(Duration.ofMillis(300));
        assertThat(o.pingTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.upgradeTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(o.maxHttpBufferSize()).isEqualTo(1000);
        assertThat(o.maxBufferedBytes()).isEqualTo(4096);
    }

    @Test
    void readsTransportsPathAndUpgradeSwitch() throws Exception {
        EngineIoOptions o = parse("{\"transports\":[\"polling\"],\"path\":\"/custom\",\"allowUpgrades\":false}");
        assertThat(o.transports()).containsExactly(TransportType.POLLING);
        assertThat(o.path()).isEqualTo("/custom/");
        assertThat(o.allowUpgrades()).isFalse();
    }

    @Test
    void readsCookieAsBooleanOrObjectWithPathFalseMeaningNoPath() throws Exception {
        assertThat(parse("{\"cookie\":true}").cookie()).isEqualTo(CookieOptions.DEFAULT);
        assertThat(parse("{\"cookie\":false}").cookie()).isNull();
        CookieOptions custom = parse("{\"cookie\":{\"name\":\"sb\",\"path\":false,\"httpOnly\":false}}").cookie();
        assertThat(custom.headerValue("abc")).isEqualTo("sb=abc; SameSite=Lax");
    }

    @Test
    void readsCorsOriginAsStringOrObject() throws Exception {
        assertThat(parse("{\"cors\":\"*\"}").cors()).isNotNull();
        assertThat(parse("{\"cors\":{\"origin\":\"https://a.example\"}}").cors()).isNotNull();
        assertThat(parse("{\"cors\":false}").cors()).isNull();
    }

    @Test
    void skipsTheCallersOwnNames() throws Exception {
        assertThat(parse("{\"echo\":false,\"pingInterval\":1000}").pingInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesAnUnknownOptionWith400NamingIt() {
        assertThatThrownBy(() -> parse("{\"pingIntervall\":300}"))
                .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("option pingIntervall: unknown option (known: addTrailingSlash, allowEIO3, allowUpgrades, ");
    }

    @Test
    void refusesValuesOfTheWrongTypeOrRange() {
        assertThatThrownBy(() -> parse("{\"pingInterval\":\"300\"}"))
                .isInstanceOf(ControlException.class)
                .hasMessage("option pingInterval: pingInterval must be an integer, got \"300\"");
        assertThatThrownBy(() -> parse("{\"pingTimeout\":0}"))
                .isInstanceOf(ControlException.class)
                .hasMessageStartingWith("option pingTimeout: pingTimeout must be positive");
        assertThatThrownBy(() -> parse("{\"transports\":[\"webtransport\"]}"))
                .isInstanceOf(ControlException.class)
                .hasMessage("option transports: unknown transport \"webtransport\"");
        assertThatThrownBy(() -> parse("{\"cors\":{\"credentials\":true}}"))
                .isInstanceOf(ControlException.class)
                .hasMessage("option cors: only cors.origin is supported by the fixture, not credentials");
    }

    @Test
    void refusesABodyThatIsNotAnObject() throws Exception {
        assertThatThrownBy(() -> EngineOptionsJson.parse(json("[1]"), Set.of()))
                .isInstanceOf(ControlException.class)
                .hasMessage("options must be a JSON object, not [1]");
    }
}
