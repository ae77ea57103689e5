package dev.switchboard.engineio;

/** The Engine.IO transports this server speaks, by their wire names. */
public enum TransportType {
    /** HTTP long-polling: GET to receive, POST to send. */
    POLLING("polling"),
    /** One WebSocket carrying one packet per frame. */
    WEBSOCKET("websocket");

    private final String wireName;

    TransportType(String wireName) {
        this.wireName = wireName;
    }

    /** {@return the name used in the {@code transport} query parameter and the {@code upgrades} list} */
    public String wireName() {
        return wireName;
    }

    /**
     * The transport with the given wire name, or {@code null}.
     *
     * @param name the {@code transport} query parameter
     * @return the transport, or {@code null} if the name is unknown
     */
    public static TransportType fromWireName(String name) {
        if ("polling".equals(name)) {
            return POLLING;
        }
        if ("websocket".equals(name)) {
            return WEBSOCKET;
        }
        return null;
    }
}
