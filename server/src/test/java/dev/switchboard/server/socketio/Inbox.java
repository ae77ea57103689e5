package dev.switchboard.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Ack;
import io.socket.client.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Every event a Java client receives, in arrival order: since a server's packets to one client
 * arrive in the order they were written, a marker event sent last proves that nothing else was
 * sent before it, without waiting to see whether something comes.
 */
final class Inbox {

    /**
     * One received event.
     *
     * @param event the name
     * @param args the arguments (org.json values, {@code byte[]} for binary, {@code null} for JSON null)
     * @param ack the acknowledgement the server asked for, or {@code null}
     */
    record Received(String event, List<Object> args, Ack ack) {
        Object arg(int i) {
            return args.get(i);
        }
    }

    private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();

    private Inbox() {
    }

    /** Records what the client receives from now on; call before it connects. */
    static Inbox of(Socket socket) {
        Inbox inbox = new Inbox();
        socket.onAnyIncoming(args -> {
            List<Object> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
            Ack ack = null;
            if (!rest.isEmpty() && rest.get(rest.size() - 1) instanceof Ack a) {
                ack = a;
                rest.remove(rest.size() - 1);
            }
            inbox.events.add(new Received(String.valueOf(args[0]), rest, ack));
        });
        return inbox;
    }

    /** The next event, whatever it is. */
    Received next() {
        return SocketIoFixture.take(events);
    }

    /** The next event, which must be this one. */
    Received next(String event) {
        Received r = next();
        assertThat(r.event()).as("next event (args " + r.args() + ")").isEqualTo(event);
        return r;
    }

    /** The names of the events up to and including {@code marker}. */
    List<String> namesUntil(String marker) {
        List<String> names = new ArrayList<>();
        while (true) {
            Received r = next();
            names.add(r.event());
            if (r.event().equals(marker)) {
                return names;
            }
        }
    }
}
