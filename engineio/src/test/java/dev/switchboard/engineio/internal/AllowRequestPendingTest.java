package dev.switchboard.engineio.internal;

import static dev.switchboard.engineio.internal.EngineFixture.POLLING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.AllowRequest;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineSocket;
import dev.switchboard.engineio.spi.FakeHttpExchange;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An asynchronous {@code allowRequest} that answers after the client went away: the handshake
 * opens no session and nobody is told of one, where the session would otherwise live (and count
 * in {@code clientsCount}) until its heartbeat timed out, with no request left to end it.
 */
class AllowRequestPendingTest {

    @Test
    void aPollingHandshakeWhoseClientLeftBeforeTheVerdictOpensNoSessionAndAnnouncesNone() {
        CompletableFuture<AllowRequest.Verdict> verdict = new CompletableFuture<>();
        List<EngineSocket> announced = new CopyOnWriteArrayList<>();
        try (EngineFixture fx = new EngineFixture(EngineIoOptions.builder().allowRequest(req -> verdict).build())) {
            fx.core.onConnection(announced::add);
            FakeHttpExchange left = fx.get(POLLING);
            fx.settle();
            left.abort();
            fx.settle();
            verdict.complete(AllowRequest.Verdict.allow());
            fx.settle();
            assertThat(fx.core.clientsCount()).isZero();
            assertThat(announced).isEmpty();
            assertThat(left.answered()).isFalse();
        }
    }

    @Test
    void aPollingHandshakeWhoseClientStaysIsAnnouncedOnceTheVerdictComes() {
        CompletableFuture<AllowRequest.Verdict> verdict = new CompletableFuture<>();
        List<EngineSocket> announced = new CopyOnWriteArrayList<>();
        try (EngineFixture fx = new EngineFixture(EngineIoOptions.builder().allowRequest(req -> verdict).build())) {
            fx.core.onConnection(announced::add);
            FakeHttpExchange stays = fx.get(POLLING);
            fx.settle();
            assertThat(announced).isEmpty();
            verdict.complete(AllowRequest.Verdict.allow());
            String sid = EngineFixture.sidOf(stays.response().text());
            fx.settle();
            assertThat(announced).extracting(EngineSocket::id).containsExactly(sid);
        }
    }
}
