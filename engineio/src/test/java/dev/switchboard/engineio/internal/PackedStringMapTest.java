package dev.switchboard.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackedStringMapTest {

    private static Map<String, String> source() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", "localhost:3000");
        m.put("upgrade", "websocket");
        m.put("", "empty name");
        m.put("empty-value", "");
        m.put("x-name", "\u00e9t\u00e9 \u20ac\uD83D\uDE00");
        return m;
    }

    @Test
    void keepsEveryEntryInOrder() {
        assertThat(PackedStringMap.copyOf(source())).containsExactly(
                Map.entry("host", "localhost:3000"), Map.entry("upgrade", "websocket"), Map.entry("", "empty name"),
                Map.entry("empty-value", ""), Map.entry("x-name", "\u00e9t\u00e9 \u20ac\uD83D\uDE00"));
    }

    @Test
    void looksUpByExactKey() {
        Map<String, String> m = PackedStringMap.copyOf(source());
        assertThat(m.get("upgrade")).isEqualTo("websocket");
        assertThat(m.get("")).isEqualTo("empty name");
        assertThat(m.get("empty-value")).isEmpty();
        assertThat(m.get("x-name")).isEqualTo("\u00e9t\u00e9 \u20ac\uD83D\uDE00");
        assertThat(m.get("Upgrade")).isNull();
        assertThat(m.get("upgrad")).isNull();
        assertThat(m.get("hostlocalhost:3000")).isNull();
        assertThat(m.get(42)).isNull();
        assertThat(m.containsKey("host")).isTrue();
        assertThat(m.containsKey("ho")).isFalse();
        assertThat(m.containsValue("websocket")).isTrue();
    }

    @Test
    void equalsAndHashesLikeAnyMapWithTheSameEntries() {
        Map<String, String> m = PackedStringMap.copyOf(source());
        assertThat(m).isEqualTo(new HashMap<>(source()));
        assertThat(m.hashCode()).isEqualTo(source().hashCode());
        assertThat(m.toString()).isEqualTo(source().toString());
    }

    @Test
    void emptyMapIsEmpty() {
        Map<String, String> m = PackedStringMap.copyOf(Map.of());
        assertThat(m).isEmpty();
        assertThat(m.get("a")).isNull();
        assertThat(m).isEqualTo(Collections.emptyMap());
    }

    @Test
    void cannotBeChanged() {
        Map<String, String> m = PackedStringMap.copyOf(source());
        assertThatThrownBy(() -> m.put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.remove("host")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(m::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(m).hasSize(5);
    }

    @Test
    void doesNotFollowChangesToItsSource() {
        Map<String, String> src = source();
        Map<String, String> m = PackedStringMap.copyOf(src);
        src.put("host", "elsewhere");
        assertThat(m.get("host")).isEqualTo("localhost:3000");
    }

    @Test
    void copyOfACopyIsTheSameMap() {
        Map<String, String> m = PackedStringMap.copyOf(source());
        assertThat(PackedStringMap.copyOf(m)).isSameAs(m);
    }

    @Test
    void refusesNullKeysAndValues() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("a", null);
        assertThatThrownBy(() -> PackedStringMap.copyOf(nullValue)).isInstanceOf(NullPointerException.class);
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "a");
        assertThatThrownBy(() -> PackedStringMap.copyOf(nullKey)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void keepsLongStringsAndLoneSurrogatesExactly() {
        Map<String, String> src = new LinkedHashMap<>();
        String longValue = "v".repeat(70_000);
        src.put("cookie", longValue);
        src.put("lone", "a\uD800b");
        src.put("\u20ac-key", "x".repeat(200) + "\u0100");
        Map<String, String> m = PackedStringMap.copyOf(src);
        assertThat(m).containsExactly(Map.entry("cookie", longValue), Map.entry("lone", "a\uD800b"),
                Map.entry("\u20ac-key", "x".repeat(200) + "\u0100"));
        assertThat(m.get("lone")).isEqualTo("a\uD800b");
        assertThat(m.get("\u20ac-key")).endsWith("\u0100");
        assertThat(m.get("\u20ac-kex")).isNull();
        assertThat(m).hasSize(3);
    }

    @Test
    void doesNotConfuseAWideKeyWithALatin1OneOfTheSameBytes() {
        // "\u0041\u0042" as UTF-16 is the bytes 00 41 00 42, which as Latin-1 is "\u0000A\u0000B"
        Map<String, String> src = new LinkedHashMap<>();
        src.put("\u0000A\u0000B", "latin");
        src.put("\u20ac", "wide");
        Map<String, String> m = PackedStringMap.copyOf(src);
        assertThat(m.get("AB")).isNull();
        assertThat(m.get("\u0000A\u0000B")).isEqualTo("latin");
        assertThat(m.get("\u20ac")).isEqualTo("wide");
    }
}
