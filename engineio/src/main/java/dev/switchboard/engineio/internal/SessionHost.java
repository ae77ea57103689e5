package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.spi.HttpExchange;

/** What a session needs of the server that owns it. */
interface SessionHost {

    EngineIoOptions options();

    /** {@return where the session counts what it does, for {@code EngineIoServer.stats()}} */
    EngineCounters counters();

    /** Forgets a closed session. */
    void removeSession(EngineSession session);

    /** {@return the headers of a polling response of {@code session} to {@code request}, hooks applied} */
    Headers pollingHeaders(EngineSession session, RequestInfo request);

    /**
     * Answers a poll of {@code session} with an encoded payload, compressed when worthwhile and
     * {@code compress} allows it (some packet of the payload may be compressed).
     */
    void writePayload(EngineSession session, HttpExchange get, byte[] body, String contentType, boolean compress);

    /**
     * Refuses a request its session cannot take, with the reference's error: the session closed
     * (unknown sid), no longer polls or the request names another transport (transport mismatch),
     * or the request names another protocol version (protocol mismatch).
     */
    void refuseLate(HttpExchange exchange, EngineSession session);
}
