package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.DefaultEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server with fake Engine.IO sessions on real event loops, for tests. */
final class Harness implements AutoCloseable {

    private static final Pattern SID = Pattern.compile("^0(?:/[^,]*,)?\\{\"sid\":\"([^\"]+)\"");

    final SocketIoServer io;
    final DefaultEventExecutor loop = new DefaultEventExecutor();
    private final List<DefaultEventExecutor> extraLoops = new ArrayList<>();

    Harness(SocketIoServer io) {
        this.io = io;
    }

    Harness() {
        this(SocketIoServer.builder().build());
    }

    /** A new event loop, shut down with the harness. */
    DefaultEventExecutor newLoop() {
        DefaultEventExecutor l = new DefaultEventExecutor();
        extraLoops.add(l);
        return l;
    }

    /** An Engine.IO session handed to the server, not yet in any namespace. */
    FakeEngineSocket open() {
        return open(loop);
    }

    FakeEngineSocket open(DefaultEventExecutor on) {
        FakeEngineSocket conn = new FakeEngineSocket(on);
        io.handleConnection(conn);
        conn.sync();
        return conn;
    }

    /** A session connected to a namespace; returns it with the CONNECT reply consumed. */
    FakeEngineSocket connect(String nsp) {
        return connect(nsp, loop);
    }

    FakeEngineSocket connect(String nsp, DefaultEventExecutor on) {
        FakeEngineSocket conn = open(on);
        conn.receive("/".equals(nsp) ? "0" : "0" + nsp + ",");
        assertThat(conn.sent()).isNotEmpty();
        assertThat(conn.sent().get(0)).startsWith("/".equals(nsp) ? "0{\"sid\":\"" : "0" + nsp + ",{\"sid\":\"");
        return conn;
    }

    /** The socket id in a CONNECT reply. */
    static String sid(String connectReply) {
        Matcher m = SID.matcher(connectReply);
        assertThat(m.find()).as("a CONNECT reply: %s", connectReply).isTrue();
        return m.group(1);
    }

    /** The server-side socket of a connected session in a namespace. */
    Socket socket(FakeEngineSocket conn, String nsp) {
        String sid = sid(conn.sent().get(0));
        Socket s = io.of(nsp).socket(sid);
        assertThat(s).as("socket %s in %s", sid, nsp).isNotNull();
        return s;
    }

    @Override
    public void close() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        for (DefaultEventExecutor l : extraLoops) {
            l.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
