package dev.switchboard.bench;

import dev.switchboard.bench.generator.Flow;

/** The servers every scenario runs against, in the order of the tables' columns. */
public enum ServerKind {
    /** Switchboard: {@link SwitchboardBenchServer}, our Socket.IO server. */
    SWITCHBOARD("switchboard", "Switchboard", true),
    /** {@link RawNettyServer}: the floor a Netty WebSocket server sets. */
    RAW_NETTY("raw", "raw Netty", false),
    /** Node's socket.io 4.8 ({@code bench/node/server.js}): the reference implementation. */
    NODE("node", "Node socket.io", true),
    /**
     * The same app as {@link #SWITCHBOARD} through the servlet binding on embedded Tomcat 11
     * ({@link TomcatBenchServer}): what embedding in a servlet container costs. It runs the
     * scenarios whose {@code appliesTo} names it (idle memory, acks, broadcast), not all.
     */
    TOMCAT("tomcat", "Switchboard on Tomcat", true);

    private final String id;
    private final String label;
    private final boolean socketIo;

    ServerKind(String id, String label, boolean socketIo) {
        this.id = id;
        this.label = label;
        this.socketIo = socketIo;
    }

    /** Its key in the JSON results and on the command line. */
    public String id() {
        return id;
    }

    /** Its column heading. */
    public String label() {
        return label;
    }

    /** Whether it speaks Socket.IO (the raw baseline speaks plain WebSocket and HTTP). */
    public boolean socketIo() {
        return socketIo;
    }

    /** How clients reach it over a WebSocket opened directly. */
    public Flow websocketFlow() {
        return socketIo ? Flow.WEBSOCKET : Flow.RAW_WEBSOCKET;
    }

    /** How clients reach it over plain HTTP requests. */
    public Flow pollingFlow() {
        return socketIo ? Flow.POLLING : Flow.RAW_HTTP;
    }

    /**
     * The kind with this id.
     *
     * @param id an {@link #id()}
     * @return the kind
     */
    public static ServerKind of(String id) {
        for (ServerKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown server \"" + id + "\" (switchboard, raw, node, tomcat)");
    }
}
