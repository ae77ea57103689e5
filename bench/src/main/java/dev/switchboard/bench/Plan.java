package dev.switchboard.bench;

import java.time.Duration;
import java.util.List;

/**
 * The sizes and durations of every scenario: {@link #full()} for the published figures,
 * {@link #smoke()} for CI, which runs everything tiny to prove the harness still works.
 *
 * @param mode "full" or "smoke"
 * @param freshServerPerScenario whether each scenario gets a newly started server (full) or one
 *     server per kind serves them all (smoke: saves the start-up time)
 * @param connectInFlight the most handshakes in flight at once, everywhere
 * @param idlePoints socket counts at which idle memory is read
 * @param idleSettle pause before each memory reading
 * @param connects connects per flow in the connect-rate scenario
 * @param connectWarmupRounds unmeasured runs of {@code connects} handshakes before each flow's
 *     measurement: a Java server's JIT compiler works through the connect path's code for about
 *     twenty seconds of that load (measured: with one round it still used about 45% of the
 *     server's core during the measurement), and every server gets the same rounds
 * @param ackSockets connections that share the acknowledged-message load
 * @param ackRates target rates in messages per second, one measurement each
 * @param ackWarmup load before the first measurement (JIT warm-up), at the middle rate
 * @param ackSettle load at each rate before measuring it
 * @param ackMeasure measurement at each rate
 * @param broadcastSockets recipient counts, one measurement each
 * @param broadcastRates broadcasts per second for each recipient count
 * @param broadcastWarmup load before measuring
 * @param broadcastMeasure measurement per recipient count
 * @param pollingClients polling-only clients
 * @param pollingWindow acknowledged messages each polling client keeps outstanding
 * @param pollingWarmup load before measuring
 * @param pollingMeasure measurement
 * @param slowSockets clients that stop reading
 * @param slowFastSockets clients that keep reading during the slow-consumer run
 * @param slowPayloadBytes size of each broadcast payload in that run
 * @param slowRate broadcasts per second in that run
 * @param slowDuration how long the slow clients are not read
 * @param burstSockets recipient counts of the burst broadcast, one measurement each
 * @param burstMessages broadcasts in the measured burst, for each recipient count
 * @param burstPerMillisecond broadcasts the sender sends per millisecond during a burst
 * @param pipelinedSockets WebSocket clients of the pipelined-acknowledgement run
 * @param pipelinedWindow acknowledged messages each of them keeps in flight
 * @param pipelinedWarmup load before measuring
 * @param pipelinedMeasure measurement
 * @param demoUsers users of the chat demo at scale
 * @param demoSenders of them, those who send the chat messages
 * @param demoMessages chat messages sent (in bursts of {@code burstPerMillisecond})
 * @param clusterSockets WebSocket clients on each node of the two-node cluster
 * @param clusterMessages broadcasts in its measured burst
 * @param soakClients clients the soak keeps connected while it churns them
 * @param soakDuration how long the soak runs
 * @param soakSample how often it reads the server's memory, descriptors and threads
 * @param repetitions runs of every scenario on every server; the report shows their median
 */
public record Plan(
        String mode,
        boolean freshServerPerScenario,
        int connectInFlight,
        List<Integer> idlePoints,
        Duration idleSettle,
        int connects,
        int connectWarmupRounds,
        int ackSockets,
        List<Integer> ackRates,
        Duration ackWarmup,
        Duration ackSettle,
        Duration ackMeasure,
        List<Integer> broadcastSockets,
        List<Integer> broadcastRates,
        Duration broadcastWarmup,
        Duration broadcastMeasure,
        int pollingClients,
        int pollingWindow,
        Duration pollingWarmup,
        Duration pollingMeasure,
        int slowSockets,
        int slowFastSockets,
        int slowPayloadBytes,
        int slowRate,
        Duration slowDuration,
        List<Integer> burstSockets,
        List<Integer> burstMessages,
        int burstPerMillisecond,
        int pipelinedSockets,
        int pipelinedWindow,
        Duration pipelinedWarmup,
        Duration pipelinedMeasure,
        int demoUsers,
        int demoSenders,
        int demoMessages,
        int clusterSockets,
        int clusterMessages,
        int soakClients,
        Duration soakDuration,
        Duration soakSample,
        int repetitions) {

    /** The published run: about 55 minutes on the 2-core machine (three repetitions of about 13). */
    public static Plan full() {
        return new Plan("full", true, 200,
                List.of(5_000, 10_000, 18_000), Duration.ofSeconds(3),
                5_000, 5,
                1_000, List.of(5_000, 10_000, 20_000, 40_000),
                Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(8),
                List.of(1_000, 10_000), List.of(50, 5),
                Duration.ofSeconds(5), Duration.ofSeconds(8),
                200, 10, Duration.ofSeconds(5), Duration.ofSeconds(10),
                20, 5, 4_096, 1_000, Duration.ofSeconds(10),
                List.of(1_000, 10_000), List.of(1_000, 100), 20,
                1_000, 10, Duration.ofSeconds(5), Duration.ofSeconds(10),
                10_000, 10, 100,
                1_000, 1_000,
                10_000, Duration.ofMinutes(10), Duration.ofSeconds(30),
                3);
    }

    /** Every scenario, tiny: seconds per server, to keep the harness working in CI. */
    public static Plan smoke() {
        return new Plan("smoke", false, 50,
                List.of(100, 200, 300), Duration.ofMillis(200),
                150, 1,
                50, List.of(2_000),
                Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofMillis(700),
                List.of(50, 200), List.of(20, 20),
                Duration.ofMillis(200), Duration.ofMillis(700),
                10, 5, Duration.ofMillis(200), Duration.ofMillis(700),
                3, 2, 16_384, 200, Duration.ofMillis(700),
                List.of(50, 200), List.of(40, 20), 20,
                20, 10, Duration.ofMillis(200), Duration.ofMillis(700),
                100, 5, 20,
                50, 40,
                200, Duration.ofSeconds(8), Duration.ofSeconds(2),
                1);
    }

    /** Whether this is the CI smoke plan. */
    public boolean smokeMode() {
        return mode.equals("smoke");
    }

    /**
     * This plan with another number of repetitions (a quick A/B: {@code --repetitions 1}).
     *
     * @param n runs of each scenario on each server
     * @return the plan
     */
    public Plan withRepetitions(int n) {
        return new Plan(mode, freshServerPerScenario, connectInFlight, idlePoints, idleSettle, connects, connectWarmupRounds,
                ackSockets,
                ackRates, ackWarmup, ackSettle, ackMeasure, broadcastSockets, broadcastRates, broadcastWarmup,
                broadcastMeasure, pollingClients, pollingWindow, pollingWarmup, pollingMeasure, slowSockets,
                slowFastSockets, slowPayloadBytes, slowRate, slowDuration, burstSockets, burstMessages,
                burstPerMillisecond, pipelinedSockets, pipelinedWindow, pipelinedWarmup, pipelinedMeasure, demoUsers,
                demoSenders, demoMessages, clusterSockets, clusterMessages, soakClients, soakDuration, soakSample, n);
    }
}
