package dev.switchboard.engineio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engineio.ConnectionLimits;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The limits' bookkeeping on a clock the test moves: exact counts, places given back, nothing kept. */
class AdmissionTest {

    private long now = 1_000_000_000L;

    private Admission admission(ConnectionLimits.Builder limits) {
        return new Admission(limits.build(), () -> now);
    }

    private void advance(Duration d) {
        now += d.toNanos();
    }

    @Test
    void defaultsRefuseNothingButAPileOfPendingHandshakes() {
        Admission a = admission(ConnectionLimits.builder());
        for (int i = 0; i < 10_000; i++) {
            assertThat(a.admit("10.0.0.1").refusal()).isNull();
        }
        assertThat(a.admit("10.0.0.2").refusal()).isEqualTo("Too many pending handshakes");
        assertThat(a.pending()).isEqualTo(10_000);
    }

    @Test
    void maxConnectionsCountsOpenSessionsAndHandshakesUnderWayAndTheirPlacesComeBack() {
        Admission a = admission(ConnectionLimits.builder().maxConnections(2));
        Admission.Ticket first = a.admit("10.0.0.1");
        Admission.Ticket second = a.admit("10.0.0.2");
        assertThat(a.admit("10.0.0.3").refusal()).isEqualTo("Too many connections");

        a.opened(first, "sid1");
        a.abandon(second);
        assertThat(a.connections()).isEqualTo(1);
        assertThat(a.pending()).isZero();
        Admission.Ticket third = a.admit("10.0.0.3");
        assertThat(third.refusal()).isNull();
        a.opened(third, "sid3");
        assertThat(a.admit("10.0.0.4").refusal()).isEqualTo("Too many connections");

        a.closed("sid1");
        assertThat(a.admit("10.0.0.4").refusal()).isNull();
    }

    @Test
    void givingATicketBackTwiceCountsOnce() {
        Admission a = admission(ConnectionLimits.builder().maxConnections(1));
        Admission.Ticket t = a.admit("10.0.0.1");
        a.abandon(t);
        a.abandon(t);
        a.opened(t, "late");
        assertThat(a.connections()).isZero();
        assertThat(a.pending()).isZero();
    }

    @Test
    void perAddressLimitCountsEachAddressApartAndForgetsAnAddressAtZero() {
        Admission a = admission(ConnectionLimits.builder().maxConnectionsPerAddress(2));
        Admission.Ticket t1 = a.admit("10.0.0.1");
        Admission.Ticket t2 = a.admit("10.0.0.1");
        a.opened(t1, "s1");
        a.opened(t2, "s2");
        assertThat(a.admit("10.0.0.1").refusal()).isEqualTo("Too many connections from this address");
        Admission.Ticket other = a.admit("10.0.0.2");
        assertThat(other.refusal()).isNull();
        a.abandon(other);

        a.closed("s1");
        Admission.Ticket again = a.admit("10.0.0.1");
        assertThat(again.refusal()).isNull();
        a.abandon(again);
        a.closed("s2");
        a.closed("unknown sid");

        assertThat(a.connections()).isZero();
        advance(Duration.ofMinutes(2));
        a.abandon(a.admit("10.0.0.9"));
        assertThat(a.addressesTracked()).as("counts at zero and old log marks are dropped").isZero();
    }

    @Test
    void handshakeRateIsABurstThenOneEveryWindowDividedByTheRate() {
        Admission a = admission(ConnectionLimits.builder().handshakeRate(3, Duration.ofSeconds(30)));
        for (int i = 0; i < 3; i++) {
            a.abandon(a.admit("10.0.0.1"));
        }
        Admission.Ticket refused = a.admit("10.0.0.1");
        assertThat(refused.refusal()).isEqualTo("Too many handshakes from this address");
        assertThat(a.connections()).as("a refused handshake holds no place").isZero();
        assertThat(a.admit("10.0.0.2").refusal()).isNull();

        advance(Duration.ofSeconds(9));
        assertThat(a.admit("10.0.0.1").refusal()).isEqualTo("Too many handshakes from this address");
        advance(Duration.ofSeconds(1));
        assertThat(a.admit("10.0.0.1").refusal()).isNull();
        assertThat(a.admit("10.0.0.1").refusal()).isEqualTo("Too many handshakes from this address");
    }

    @Test
    void fullBucketsAreSweptSoAScanOfManyAddressesLeavesNothing() {
        Admission a = admission(ConnectionLimits.builder().handshakeRate(5, Duration.ofSeconds(10)));
        for (int i = 0; i < 1_000; i++) {
            a.abandon(a.admit("10.0." + (i / 256) + "." + (i % 256)));
        }
        assertThat(a.addressesTracked()).isEqualTo(1_000);

        advance(Duration.ofMinutes(1));
        a.abandon(a.admit("192.168.0.1"));

        assertThat(a.addressesTracked()).isEqualTo(1);
    }

    @Test
    void refusalsOfAnAddressAreLoggedOnceAMinute() {
        Admission a = admission(ConnectionLimits.builder().maxConnectionsPerAddress(1));
        a.admit("10.0.0.1");
        for (int i = 0; i < 100; i++) {
            a.admit("10.0.0.1");
        }
        assertThat(a.refusalsLogged()).isEqualTo(1);
        a.admit("10.0.0.2");
        a.admit("10.0.0.2");
        assertThat(a.refusalsLogged()).as("another address has its own line").isEqualTo(2);

        now += TimeUnit.SECONDS.toNanos(59);
        a.admit("10.0.0.1");
        assertThat(a.refusalsLogged()).isEqualTo(2);
        now += TimeUnit.SECONDS.toNanos(1);
        a.admit("10.0.0.1");
        assertThat(a.refusalsLogged()).isEqualTo(3);
    }
}
