package dev.switchboard.server.socketio;

/**
 * How the official Java client reaches the server: long-polling only, WebSocket only, or the
 * default (polling first, then the upgrade to WebSocket).
 */
enum ClientTransport {
    /** {@code transports: ["polling"]}. */
    POLLING(new String[] {"polling"}),
    /** {@code transports: ["websocket"]}: the WebSocket handshake opens the session. */
    WEBSOCKET(new String[] {"websocket"}),
    /** The client's default: a polling handshake, then the probe and the upgrade. */
    UPGRADE(new String[] {"polling", "websocket"});

    private final String[] transports;

    ClientTransport(String[] transports) {
        this.transports = transports;
    }

    /** The client's {@code transports} option, a fresh array (the client may keep it). */
    String[] transports() {
        return transports.clone();
    }
}
