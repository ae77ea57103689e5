package dev.switchboard.engineio;

/** The life cycle of an Engine.IO session. */
public enum ReadyState {
    /** Accepted, open packet not yet sent. */
    OPENING,
    /** Open: packets flow both ways. */
    OPEN,
    /** Closing: waiting for the write buffer to drain before closing the transport. */
    CLOSING,
    /** Closed; nothing more is sent or received. */
    CLOSED
}
