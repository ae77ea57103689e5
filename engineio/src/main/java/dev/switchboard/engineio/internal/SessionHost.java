package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.Headers;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.engineio.spi.HttpExchange;

/** What a session needs of the server that owns it. */
interface SessionHost {

    EngineIoOptions options();

    /** Forgets a closed session. */
    void removeSession(EngineSession session);

    /** The headers of a polling response of {@code session} to {@code request}, hooks applied. */
    Headers pollingHeaders(EngineSession session, RequestInfo request);

    /** Answers a poll of {@code session} with a payload, compressed when worthwhile. */
    void writePayload(EngineSession session, HttpExchange get, String payload);

    /** Answers a request that reached a session after it stopped polling or closed. */
    void refuseLate(HttpExchange exchange, EngineSession session);
}
