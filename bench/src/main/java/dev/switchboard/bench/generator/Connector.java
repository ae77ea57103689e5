package dev.switchboard.bench.generator;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Connects many clients with a bound on how many handshakes are in flight at once, the way a fleet
 * of real clients would arrive, and times each handshake.
 */
public final class Connector implements ClientListener {

    /** What a batch of connects produced. */
    public record Batch(List<Client> ready, int failures, List<String> failureSamples, Histogram micros,
                        long wallNanos) {
        /** Handshakes completed per second of wall time. */
        public double ratePerSecond() {
            return wallNanos == 0 ? 0 : ready.size() * 1e9 / wallNanos;
        }
    }

    private final Generator gen;
    private final InetSocketAddress target;
    private final Flow flow;
    private final PingTemplate ping;
    private final ClientListener steady;
    private final int total;
    private final int inFlight;
    private final List<Client> ready = new ArrayList<>();
    private final List<String> failureSamples = new ArrayList<>();
    /** Clients whose handshake is under way. */
    private final List<Client> pending = new ArrayList<>();
    private final Histogram micros = new Histogram(60_000_000L, 3);
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int started;
    private int finished;
    private int failures;
    private long startNanos;
    private long endNanos;

    private Connector(Generator gen, InetSocketAddress target, Flow flow, PingTemplate ping,
                      ClientListener steady, int total, int inFlight) {
        this.gen = gen;
        this.target = target;
        this.flow = flow;
        this.ping = ping;
        this.steady = steady;
        this.total = total;
        this.inFlight = inFlight;
    }

    /**
     * Connects {@code total} clients, at most {@code inFlight} handshakes at a time, and waits.
     * Clients still connecting at the timeout are closed and counted as failures.
     *
     * @param gen the generator
     * @param target the server
     * @param flow how they connect
     * @param ping the message they will send
     * @param steady the listener each client gets once ready
     * @param total how many
     * @param inFlight the most handshakes at once
     * @param timeout how long to wait for all
     * @return the outcome
     */
    public static Batch connect(Generator gen, InetSocketAddress target, Flow flow, PingTemplate ping,
                                ClientListener steady, int total, int inFlight, Duration timeout) {
        Connector c = new Connector(gen, target, flow, ping, steady, total, inFlight);
        gen.loop().execute(c::begin);
        try {
            c.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            gen.run(c::abandon);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return gen.call(c::result, Duration.ofSeconds(30));
    }

    private void begin() {
        startNanos = System.nanoTime();
        if (total == 0) {
            endNanos = startNanos;
            done.complete(null);
            return;
        }
        while (started < total && started - finished < inFlight) {
            startOne();
        }
    }

    private void startOne() {
        started++;
        Client client = new Client(gen, flow, target, ping, this);
        pending.add(client);
        client.connect();
    }

    private void next() {
        finished++;
        if (finished == total) {
            endNanos = System.nanoTime();
            pending.clear();
            done.complete(null);
        } else if (started < total) {
            startOne();
        }
    }

    private void abandon() {
        endNanos = System.nanoTime();
        for (Client c : pending) {
            if (!c.isReady() && !c.isClosed()) {
                c.close();
                failures++;
                if (failureSamples.size() < 5) {
                    failureSamples.add("handshake not finished at the timeout");
                }
            }
        }
        failures += total - started;
        started = total;
        pending.clear();
    }

    private Batch result() {
        return new Batch(List.copyOf(ready), failures, List.copyOf(failureSamples), micros,
                (endNanos == 0 ? System.nanoTime() : endNanos) - startNanos);
    }

    @Override
    public void onReady(Client client, long connectNanos) {
        if (done.isDone()) {
            client.close();
            return;
        }
        micros.recordValue(Math.min(connectNanos / 1_000, micros.getHighestTrackableValue()));
        client.listener(steady);
        ready.add(client);
        pending.remove(client);
        next();
    }

    @Override
    public void onFailed(Client client, String reason) {
        if (done.isDone()) {
            return;
        }
        failures++;
        if (failureSamples.size() < 5) {
            failureSamples.add(reason);
        }
        pending.remove(client);
        next();
    }
}
