package dev.switchboard.bench.generator;

/** How a generator client connects and which wire protocol it speaks afterwards. */
public enum Flow {
    /**
     * Socket.IO the way the official client does it by default: an HTTP long-polling handshake,
     * the CONNECT over polling, then the WebSocket upgrade ({@code 2probe}/{@code 3probe}/{@code 5})
     * with a poll pending, as the client keeps one while it probes.
     */
    DEFAULT(true, false),
    /** Socket.IO over a WebSocket opened directly ({@code transports: ["websocket"]}). */
    WEBSOCKET(true, true),
    /** Socket.IO over HTTP long-polling only: one connection for the GETs, one for the POSTs. */
    POLLING(true, false),
    /** A plain WebSocket to the raw Netty baseline at {@code /ws}; its messages are echoed as sent. */
    RAW_WEBSOCKET(false, true),
    /** Plain HTTP POSTs to the raw Netty baseline, whose response echoes the request body. */
    RAW_HTTP(false, false);

    private final boolean socketIo;
    private final boolean websocketFromStart;

    Flow(boolean socketIo, boolean websocketFromStart) {
        this.socketIo = socketIo;
        this.websocketFromStart = websocketFromStart;
    }

    /** Whether the client speaks Engine.IO / Socket.IO (rather than the raw baseline's echo). */
    public boolean socketIo() {
        return socketIo;
    }

    /** Whether the client's only connection is a WebSocket from the first byte. */
    public boolean websocketFromStart() {
        return websocketFromStart;
    }
}
