package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParentNamespaceTest {

    private Harness h = new Harness();

    @AfterEach
    void tearDown() {
        h.close();
    }

    private Harness use(SocketIoServer io) {
        h.close();
        h = new Harness(io);
        return h;
    }

    @Test
    void patternNamespaceCreatesChildrenThatCopyItsSetup() {
        List<String> got = new CopyOnWriteArrayList<>();
        List<String> created = new CopyOnWriteArrayList<>();
        h.io.onNewNamespace(n -> created.add(n.name()));
        ParentNamespace parent = h.io.of(Pattern.compile("^/dyn-\\d+$"));
        parent.use((s, next) -> {
            got.add("middleware " + s.nsp().name());
            next.next();
        });
        parent.on("connection", s -> got.add("connection " + s.nsp().name()));
        FakeEngineSocket conn = h.open();
        conn.receive("0/dyn-1,");
        assertThat(conn.sent().get(0)).startsWith("0/dyn-1,{\"sid\":");
        conn.receive("0/dyn-x,");
        assertThat(conn.sent().get(1)).isEqualTo("4/dyn-x,{\"message\":\"Invalid namespace\"}");
        assertThat(got).containsExactly("middleware /dyn-1", "connection /dyn-1");
        assertThat(created).containsExactly("/dyn-1");
        assertThat(parent.name()).startsWith("/_");
        assertThat(parent.children()).extracting(Namespace::name).containsExactly("/dyn-1");
        // A static name the pattern matches becomes a child too.
        Namespace manual = h.io.of("/dyn-2");
        assertThat(parent.children()).contains(manual);
        // The parent's broadcasts reach every child.
        conn.clearSent();
        parent.emit("hello", 1);
        assertThat(conn.sent()).containsExactly("2/dyn-1,[\"hello\",1]");
        assertThatThrownBy(parent::fetchSockets).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void emptyChildNamespacesAreRemovedWhenAsked() {
        use(SocketIoServer.builder().cleanupEmptyChildNamespaces(true).build());
        ParentNamespace parent = h.io.of(Pattern.compile("^/room-"));
        FakeEngineSocket a = h.open();
        a.receive("0/room-1,");
        FakeEngineSocket b = h.open();
        b.receive("0/room-1,");
        Namespace child = h.io.of("/room-1");
        assertThat(parent.children()).containsExactly(child);
        a.receive("1/room-1,");
        assertThat(parent.children()).containsExactly(child);
        b.receive("1/room-1,");
        assertThat(parent.children()).isEmpty();
        assertThat(h.io.namespaces()).extracting(Namespace::name).doesNotContain("/room-1");
        // The next CONNECT creates it again.
        a.receive("0/room-1,");
        assertThat(parent.children()).extracting(Namespace::name).containsExactly("/room-1");
        assertThat(parent.children()).doesNotContain(child);
    }

    @Test
    void emptyChildNamespacesStayByDefault() {
        ParentNamespace parent = h.io.of(Pattern.compile("^/room-"));
        FakeEngineSocket a = h.open();
        a.receive("0/room-1,");
        a.receive("1/room-1,");
        assertThat(parent.children()).extracting(Namespace::name).containsExactly("/room-1");
    }
}
