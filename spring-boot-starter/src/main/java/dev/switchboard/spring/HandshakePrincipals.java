package dev.switchboard.spring;

import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import java.security.Principal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who authenticated each connection's handshake: on the application's own servlet container the
 * Engine.IO handshake request passes through its filters (Spring Security's included), and the
 * {@code Principal} they set ({@code HttpServletRequest.getUserPrincipal()}) is kept for the
 * session's life. Handler methods take it as a {@code Principal} parameter; other code asks
 * {@link #of(Socket)}. On a separate Netty port no filter runs, so there is none.
 *
 * <p>How it travels: a filter in front of the Socket.IO servlet gives each authenticated handshake
 * a random token in a request header (a client's own header of that name is removed first, so it
 * cannot be forged), the session claims the token's principal when it opens, and forgets it when
 * it closes; tokens no session claimed expire after a minute.
 */
public final class HandshakePrincipals {

    /** The request header that carries the token from the filter to the session. */
    static final String TOKEN_HEADER = "x-switchboard-principal";
    private static final long TOKEN_TTL_NANOS = 60_000_000_000L;
    private static final int SWEEP_EVERY = 256;

    private record Pending(Principal principal, long createdNanos) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Principal> bySession = new ConcurrentHashMap<>();
    private final AtomicInteger handedOut = new AtomicInteger();

    /** An empty registry; {@link #attach} connects it to a server. */
    public HandshakePrincipals() {
    }

    /**
     * Claims the principal of every new session of the server.
     *
     * @param io the server
     */
    void attach(SocketIoServer io) {
        io.engine().onConnection(this::claim);
    }

    /**
     * The principal that authenticated the socket's handshake.
     *
     * @param socket the socket
     * @return the principal, or empty when the handshake was anonymous or not filtered
     */
    public Optional<Principal> of(Socket socket) {
        return Optional.ofNullable(bySession.get(socket.conn().id()));
    }

    /**
     * Keeps a handshake's principal until its session claims it.
     *
     * @param principal the authenticated principal
     * @return the token to put in {@link #TOKEN_HEADER}
     */
    String handOut(Principal principal) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        pending.put(token, new Pending(principal, System.nanoTime()));
        if (handedOut.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep();
        }
        return token;
    }

    private void claim(EngineSocket conn) {
        String token = conn.request().header(TOKEN_HEADER);
        Pending p = token == null ? null : pending.remove(token);
        if (p != null) {
            String sid = conn.id();
            bySession.put(sid, p.principal());
            conn.onClose((reason, description) -> bySession.remove(sid));
        }
    }

    /** Drops the tokens of handshakes that opened no session (refused, or answered with an error). */
    private void sweep() {
        long now = System.nanoTime();
        pending.values().removeIf(p -> now - p.createdNanos() > TOKEN_TTL_NANOS);
    }
}
