package dev.switchboard.engineio.internal;

import dev.switchboard.engineio.ConnectionLimits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces {@link ConnectionLimits} on handshakes, from any thread. A handshake is admitted with a
 * {@link Ticket} that holds its places (in all, for its address, as pending) until the session
 * opens ({@link #opened}) or the handshake is given up ({@link #abandon}); an open session gives
 * its places back when it closes ({@link #closed}). The counts are exact: a place is taken before
 * the handshake goes on, so concurrent handshakes cannot overshoot a limit.
 *
 * <p>What is kept per address (counts, token buckets, when a refusal was last logged) is dropped
 * once it no longer says anything: counts at zero at once, full buckets and old log marks by a
 * sweep at most once per window, so a scan of many addresses leaves nothing behind.
 */
final class Admission {

    private static final Logger log = LoggerFactory.getLogger(Admission.class);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    static final String TOO_MANY = "Too many connections";
    static final String TOO_MANY_FROM_ADDRESS = "Too many connections from this address";
    static final String TOO_MANY_HANDSHAKES = "Too many handshakes from this address";
    static final String TOO_MANY_PENDING = "Too many pending handshakes";

    private final ConnectionLimits limits;
    private final LongSupplier nanoClock;
    private final boolean perAddress;
    private final boolean rated;
    /** Nanoseconds for one token to come back. */
    private final long refillNanos;
    private final long sweepIntervalNanos;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perAddressCounts = new ConcurrentHashMap<>();
    /** The address of each open session, kept only when a per-address limit is on. */
    private final ConcurrentHashMap<String, String> sessionAddresses = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;
    private final AtomicInteger refusalsLogged = new AtomicInteger();

    Admission(ConnectionLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.perAddress = limits.maxConnectionsPerAddress() != ConnectionLimits.UNLIMITED;
        this.rated = limits.handshakesPerAddress() != ConnectionLimits.UNLIMITED;
        long window = limits.handshakeWindow().toNanos();
        this.refillNanos = Math.max(1, window / limits.handshakesPerAddress());
        this.sweepIntervalNanos = Math.max(window, LOG_INTERVAL_NANOS);
        this.lastSweep = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * A handshake admitted ({@link #refusal()} null), holding its places, or refused.
     */
    static final class Ticket {
        private final String address;
        private final String refusal;
        private boolean settled;

        private Ticket(String address, String refusal) {
            this.address = address;
            this.refusal = refusal;
            this.settled = refusal != null;
        }

        /** {@return the message the handshake is refused with, or null when it was admitted} */
        String refusal() {
            return refusal;
        }
    }

    /** {@return open sessions and handshakes under way} */
    int connections() {
        return connections.get();
    }

    /**
     * Handshakes admitted and not yet opened nor given up.
     *
     * @return their number
     */
    int pending() {
        return pending.get();
    }

    /** {@return how many refusals were logged: for tests} */
    int refusalsLogged() {
        return refusalsLogged.get();
    }

    /** {@return the addresses with state kept for them (counts, buckets, log marks): for tests} */
    int addressesTracked() {
        return perAddressCounts.size() + buckets.size() + lastLogged.size();
    }

    /**
     * Admits a handshake from an address or refuses it, taking its places when admitted.
     *
     * @param address the client's address
     * @return the ticket; when refused the refusal was logged (at most once a minute per address)
     */
    Ticket admit(String address) {
        long now = nanoClock.getAsLong();
        sweepIfDue(now);
        String refusal = tryTake(address, now);
        if (refusal != null) {
            logRefusal(address, refusal, now);
        }
        return new Ticket(address, refusal);
    }

    private String tryTake(String address, long now) {
        if (pending.incrementAndGet() > limits.maxPendingHandshakes()) {
            pending.decrementAndGet();
            return TOO_MANY_PENDING;
        }
        if (connections.incrementAndGet() > limits.maxConnections()) {
            connections.decrementAndGet();
            pending.decrementAndGet();
            return TOO_MANY;
        }
        if (perAddress) {
            boolean[] taken = new boolean[1];
            perAddressCounts.compute(address, (a, n) -> {
                int count = n == null ? 0 : n;
                if (count >= limits.maxConnectionsPerAddress()) {
                    return n;
                }
                taken[0] = true;
                return count + 1;
            });
            if (!taken[0]) {
                connections.decrementAndGet();
                pending.decrementAndGet();
                return TOO_MANY_FROM_ADDRESS;
            }
        }
        if (rated && !buckets.computeIfAbsent(address, a -> new Bucket(limits.handshakesPerAddress(), now))
                .tryTake(now)) {
            release(address);
            pending.decrementAndGet();
            return TOO_MANY_HANDSHAKES;
        }
        return null;
    }

    /** The session of an admitted handshake is open: it keeps its places until {@link #closed}. */
    void opened(Ticket ticket, String sid) {
        if (settle(ticket)) {
            pending.decrementAndGet();
            if (perAddress) {
                sessionAddresses.put(sid, ticket.address);
            }
        }
    }

    /** An admitted handshake opened no session (refused later, failed, closed): its places go back. */
    void abandon(Ticket ticket) {
        if (settle(ticket)) {
            pending.decrementAndGet();
            release(ticket.address);
        }
    }

    /** A session opened through {@link #opened} has closed: its places go back. */
    void closed(String sid) {
        String address = perAddress ? sessionAddresses.remove(sid) : null;
        if (perAddress && address == null) {
            return;
        }
        release(address);
    }

    private static boolean settle(Ticket ticket) {
        synchronized (ticket) {
            if (ticket.settled) {
                return false;
            }
            ticket.settled = true;
            return true;
        }
    }

    private void release(String address) {
        connections.decrementAndGet();
        if (perAddress && address != null) {
            perAddressCounts.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    private void logRefusal(String address, String refusal, long now) {
        Long previous = lastLogged.get(address);
        if (previous != null && now - previous < LOG_INTERVAL_NANOS) {
            return;
        }
        if (previous == null ? lastLogged.putIfAbsent(address, now) == null
                : lastLogged.replace(address, previous, now)) {
            refusalsLogged.incrementAndGet();
            log.warn("Refusing handshakes from {}: {} ({}); logged at most once a minute per address",
                    address, refusal, limits);
        }
    }

    private void sweepIfDue(long now) {
        long last = lastSweep.get();
        if (now - last < sweepIntervalNanos || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        buckets.entrySet().removeIf(e -> e.getValue().fullAt(now));
        for (Map.Entry<String, Long> e : lastLogged.entrySet()) {
            if (now - e.getValue() >= LOG_INTERVAL_NANOS) {
                lastLogged.remove(e.getKey(), e.getValue());
            }
        }
    }

    /** A token bucket: {@code capacity} tokens, one back every {@code refillNanos}. */
    private final class Bucket {
        private final int capacity;
        private double tokens;
        private long updated;

        Bucket(int capacity, long now) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.updated = now;
        }

        synchronized boolean tryTake(long now) {
            refill(now);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized boolean fullAt(long now) {
            refill(now);
            return tokens >= capacity;
        }

        private void refill(long now) {
            long elapsed = now - updated;
            if (elapsed > 0) {
                tokens = Math.min(capacity, tokens + (double) elapsed / refillNanos);
                updated = now;
            }
        }
    }
}
