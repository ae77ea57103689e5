package dev.switchboard.bench.scenario;

import dev.switchboard.bench.generator.Ascii;
import dev.switchboard.bench.generator.Client;
import dev.switchboard.bench.generator.ClientListener;
import dev.switchboard.bench.generator.Flow;
import dev.switchboard.bench.generator.Generator;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The soak's population and what happens to it, ten times a second on the generator's loop: a
 * share of the clients leaves (a Socket.IO disconnect, a plain close, a TCP reset, or a socket that
 * stops reading and is left for the server's heartbeat to find) and as many arrive (WebSocket,
 * polling, or the official client's polling-then-upgrade); clients send acknowledged messages,
 * join a room when they arrive and now and then broadcast to one. Rates scale with the population
 * (each client lives about 100 s and sends one message every 10 s), with floors so a small CI run
 * still churns. Everything here runs on the generator's loop.
 */
final class Churn implements ClientListener {

    /**
     * What the churn did.
     *
     * @param arrivals clients started after the first population
     * @param arrivalFailures of them, those whose handshake failed
     * @param disconnects clients that left with a Socket.IO disconnect
     * @param closes clients that closed their connections
     * @param resets clients that reset their connections
     * @param halfOpen clients that stopped reading, closed 60 s later
     * @param serverCloses ready clients whose connection the server closed
     * @param acksSent acknowledged messages sent
     * @param acksAnswered of them, answered
     * @param joins rooms joined
     * @param roomMessages room broadcasts sent
     * @param roomDeliveries room broadcasts received
     */
    record Counts(long arrivals, long arrivalFailures, long disconnects, long closes, long resets, long halfOpen,
                  long serverCloses, long acksSent, long acksAnswered, long joins, long roomMessages,
                  long roomDeliveries) {
    }

    private static final long TICK_MILLIS = 100;
    private static final long HALF_OPEN_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final byte[] DISCONNECT = Ascii.bytes("41");
    private static final String ROOM_EVENT = "[\"room\"";

    private final Generator gen;
    private final InetSocketAddress target;
    private final Client[] slots;
    private final int rooms;
    private final double leavesPerTick;
    private final double messagesPerTick;
    private final double roomMessagesPerTick;
    private final Random random = new Random(42);
    private final Deque<Client> halfOpenClients = new ArrayDeque<>();
    private final Deque<Long> halfOpenDeadlines = new ArrayDeque<>();
    private double leaveCarry;
    private double messageCarry;
    private double roomCarry;
    private ScheduledFuture<?> ticker;
    private long arrivals;
    private long arrivalFailures;
    private long disconnects;
    private long closes;
    private long resets;
    private long halfOpen;
    private long serverCloses;
    private long acksSent;
    private long acksAnswered;
    private long joins;
    private long roomMessages;
    private long roomDeliveries;

    Churn(Generator gen, InetSocketAddress target, int population) {
        this.gen = gen;
        this.target = target;
        this.slots = new Client[population];
        this.rooms = Math.max(1, population / 100);
        double perSecond = TICK_MILLIS / 1000.0;
        this.leavesPerTick = Math.max(population / 100.0, 20) * perSecond;
        this.messagesPerTick = Math.max(population / 10.0, 100) * perSecond;
        this.roomMessagesPerTick = 10 * perSecond;
    }

    /** Takes the first population (already connected) and starts churning it. */
    void start(List<Client> ready) {
        for (int i = 0; i < ready.size() && i < slots.length; i++) {
            slots[i] = ready.get(i);
            join(slots[i]);
        }
        gen.flushDirty();
        ticker = gen.loop().scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops churning (if it started); returns every client it holds, for the caller to close. */
    List<Client> stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        List<Client> open = new ArrayList<>(halfOpenClients);
        for (Client c : slots) {
            if (c != null) {
                open.add(c);
            }
        }
        return open;
    }

    int connected() {
        int n = 0;
        for (Client c : slots) {
            if (c != null && c.isReady()) {
                n++;
            }
        }
        return n;
    }

    Counts counts() {
        return new Counts(arrivals, arrivalFailures, disconnects, closes, resets, halfOpen, serverCloses, acksSent,
                acksAnswered, joins, roomMessages, roomDeliveries);
    }

    private void tick() {
        long now = System.nanoTime();
        while (!halfOpenDeadlines.isEmpty() && halfOpenDeadlines.peekFirst() <= now) {
            halfOpenDeadlines.pollFirst();
            halfOpenClients.pollFirst().close();
        }
        // clients the server closed, or whose handshake failed, are replaced first
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null || slots[i].isClosed()) {
                arrive(i);
            }
        }
        leaveCarry += leavesPerTick;
        for (; leaveCarry >= 1; leaveCarry--) {
            int i = random.nextInt(slots.length);
            leave(slots[i]);
            arrive(i);
        }
        messageCarry += messagesPerTick;
        for (; messageCarry >= 1; messageCarry--) {
            if (slots[random.nextInt(slots.length)].sendPing(now)) {
                acksSent++;
            }
        }
        roomCarry += roomMessagesPerTick;
        for (; roomCarry >= 1; roomCarry--) {
            Client c = slots[random.nextInt(slots.length)];
            if (c.isReady()) {
                c.sendText(Ascii.bytes("42[\"room\",\"r" + random.nextInt(rooms) + "\",\"" + now + "\"]"));
                roomMessages++;
            }
        }
        gen.flushDirty();
    }

    private void leave(Client c) {
        if (c.isClosed()) {
            return;
        }
        double r = random.nextDouble();
        if (r < 0.35 && c.isReady()) {
            c.sendText(DISCONNECT);
            gen.flushDirty();
            c.close();
            disconnects++;
        } else if (r < 0.7) {
            c.close();
            closes++;
        } else if (r < 0.9 || c.flow() == Flow.POLLING) {
            c.reset();
            resets++;
        } else {
            // still open, never read again: the server's heartbeat has to find it
            c.reading(false);
            halfOpenClients.addLast(c);
            halfOpenDeadlines.addLast(System.nanoTime() + HALF_OPEN_NANOS);
            halfOpen++;
        }
    }

    private void arrive(int slot) {
        if (slots[slot] != null && !slots[slot].isClosed() && !halfOpenClients.contains(slots[slot])) {
            slots[slot].close();
        }
        double r = random.nextDouble();
        Flow flow = r < 0.4 ? Flow.DEFAULT : r < 0.8 ? Flow.WEBSOCKET : Flow.POLLING;
        Client c = new Client(gen, flow, target, Scenario.PING, this);
        slots[slot] = c;
        arrivals++;
        c.connect();
    }

    private void join(Client c) {
        c.sendText(Ascii.bytes("42[\"join\",\"r" + random.nextInt(rooms) + "\"]"));
        joins++;
    }

    @Override
    public void onReady(Client client, long connectNanos) {
        join(client);
    }

    @Override
    public void onFailed(Client client, String reason) {
        arrivalFailures++;
    }

    @Override
    public void onClosed(Client client) {
        serverCloses++;
    }

    @Override
    public void onAck(Client client, long intendedNanos, long nowNanos) {
        acksAnswered++;
    }

    @Override
    public void onEvent(Client client, ByteBuf buf, int index, int length, long nowNanos) {
        if (Ascii.startsWith(buf, index + 2, length - 2, ROOM_EVENT)) {
            roomDeliveries++;
        }
    }
}
