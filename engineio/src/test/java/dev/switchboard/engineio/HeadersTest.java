package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersTest {

    @Test
    void addKeepsOrderAndRepeatedNames() {
        Headers h = new Headers().add("Set-Cookie", "a=1").add("X-A", "x").add("Set-Cookie", "b=2");
        assertThat(h.entries()).containsExactly(Map.entry("Set-Cookie", "a=1"), Map.entry("X-A", "x"),
                Map.entry("Set-Cookie", "b=2"));
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.name(2)).isEqualTo("Set-Cookie");
        assertThat(h.value(2)).isEqualTo("b=2");
    }

    @Test
    void getIsCaseInsensitiveAndReturnsTheFirstValue() {
        Headers h = new Headers().add("Set-Cookie", "a=1").add("set-cookie", "b=2");
        assertThat(h.get("SET-COOKIE")).isEqualTo("a=1");
        assertThat(h.get("missing")).isNull();
        assertThat(h.contains("set-Cookie")).isTrue();
        assertThat(h.contains("missing")).isFalse();
    }

    @Test
    void setAppendsANewHeader() {
        Headers h = new Headers().add("A", "1").set("B", "2");
        assertThat(h.entries()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
    }

    @Test
    void setReplacesInPlaceAsNodesSetHeaderDoes() {
        Headers h = new Headers().add("A", "1").add("content-type", "text/html").add("C", "3");
        h.set("Content-Type", "application/json");
        assertThat(h.entries()).containsExactly(Map.entry("A", "1"),
                Map.entry("Content-Type", "application/json"), Map.entry("C", "3"));
    }

    @Test
    void setCollapsesRepeatedHeadersIntoTheFirstPlace() {
        Headers h = new Headers().add("Vary", "a").add("X", "1").add("vary", "b").add("VARY", "c");
        h.set("Vary", "z");
        assertThat(h.entries()).containsExactly(Map.entry("Vary", "z"), Map.entry("X", "1"));
    }

    @Test
    void removeDropsEveryLineOfThatName() {
        Headers h = new Headers().add("Set-Cookie", "a=1").add("X", "1").add("set-cookie", "b=2");
        h.remove("SET-COOKIE");
        assertThat(h.entries()).containsExactly(Map.entry("X", "1"));
        h.remove("absent");
        assertThat(h.size()).isEqualTo(1);
    }

    @Test
    void entriesIsAnUnmodifiableSnapshot() {
        Headers h = new Headers().add("A", "1");
        List<Map.Entry<String, String>> snapshot = h.entries();
        h.add("B", "2");
        assertThat(snapshot).containsExactly(Map.entry("A", "1"));
        assertThatThrownBy(() -> snapshot.add(Map.entry("C", "3")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringListsLowerCaseNames() {
        assertThat(new Headers().add("Content-Type", "text/plain").add("X-A", "1").toString())
                .isEqualTo("Headers[content-type: text/plain, x-a: 1]");
        assertThat(new Headers().toString()).isEqualTo("Headers[]");
    }
}
