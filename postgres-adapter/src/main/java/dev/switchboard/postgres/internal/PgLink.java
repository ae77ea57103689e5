package dev.switchboard.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two connections of the Postgres adapter. A listener thread owns one: it {@code LISTEN}s
 * the namespaces' channels, polls for notifications and fetches their attachments in order, and
 * reconnects after 1 to 3 s (jittered, as the reference) when the connection is lost. A publisher
 * thread owns the other: {@code pg_notify}, attachment inserts, the table's creation and its
 * periodic cleanup, in submission order, reopening the connection when a statement fails.
 */
public final class PgLink {

    private static final Logger log = LoggerFactory.getLogger(PgLink.class);
    private static final int POLL_MS = 100;

    /** Opens a connection. */
    @FunctionalInterface
    public interface ConnectionSource {
        /**
         * Opens a connection to the database.
         *
         * @return the connection
         * @throws SQLException when it cannot
         */
        Connection open() throws SQLException;
    }

    /** Receives notifications, on the listener thread, in order. */
    @FunctionalInterface
    public interface NotificationHandler {
        /**
         * One notification.
         *
         * @param channel its channel
         * @param payload its payload
         */
        void onNotification(String channel, String payload);
    }

    private final ConnectionSource source;
    private final String tableName;
    private final NotificationHandler handler;
    private final Map<String, CompletableFuture<Void>> channels = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Runnable> listenerTasks = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService publisher;
    private final Thread listener;
    private volatile boolean closed;
    private Connection listening; // listener thread only
    private Connection publishing; // publisher thread only

    /**
     * Starts both threads.
     *
     * @param source opens connections
     * @param tableName the attachments table
     * @param cleanupInterval how often old attachments are deleted, and how old they must be
     * @param handler the notifications
     */
    public PgLink(ConnectionSource source, String tableName, Duration cleanupInterval, NotificationHandler handler) {
        this.source = source;
        this.tableName = tableName;
        this.handler = handler;
        ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "switchboard-postgres-publisher");
            t.setDaemon(true);
            return t;
        });
        p.setRemoveOnCancelPolicy(true);
        this.publisher = p;
        publisher.execute(() -> run("creating table " + tableName, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + tableName
                        + " (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)");
            }
            return null;
        }));
        long every = cleanupInterval.toMillis();
        publisher.scheduleWithFixedDelay(() -> run("removing old attachments", c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM " + tableName + " WHERE created_at < now() - interval '" + every
                        + " milliseconds'");
            }
            return null;
        }), every, every, TimeUnit.MILLISECONDS);
        this.listener = new Thread(this::listen, "switchboard-postgres-listener");
        listener.setDaemon(true);
        listener.start();
    }

    // ---- listening ---------------------------------------------------------------------------

    /**
     * Listens to a channel, now and after every reconnection.
     *
     * @param channel the channel
     * @return completes when the {@code LISTEN} ran
     */
    public CompletableFuture<Void> listen(String channel) {
        CompletableFuture<Void> done = channels.computeIfAbsent(channel, c -> new CompletableFuture<>());
        listenerTasks.add(() -> {
            if (listening != null) {
                execute(listening, "LISTEN " + quote(channel));
                done.complete(null);
            }
        });
        return done.copy();
    }

    /**
     * Stops listening to a channel.
     *
     * @param channel the channel
     */
    public void unlisten(String channel) {
        channels.remove(channel);
        listenerTasks.add(() -> {
            if (listening != null) {
                execute(listening, "UNLISTEN " + quote(channel));
            }
        });
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static void execute(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void listen() {
        int failures = 0;
        while (!closed) {
            try {
                if (listening == null) {
                    listening = source.open();
                    listening.setAutoCommit(true);
                    for (Map.Entry<String, CompletableFuture<Void>> e : channels.entrySet()) {
                        execute(listening, "LISTEN " + quote(e.getKey()));
                        e.getValue().complete(null);
                    }
                    if (failures > 0) {
                        log.info("listening to Postgres again");
                    }
                    failures = 0;
                }
                Runnable task;
                while ((task = listenerTasks.poll()) != null) {
                    task.run();
                }
                PGNotification[] notifications = listening.unwrap(PGConnection.class).getNotifications(POLL_MS);
                if (notifications != null) {
                    for (PGNotification n : notifications) {
                        try {
                            handler.onNotification(n.getName(), n.getParameter());
                        } catch (RuntimeException e) {
                            log.debug("dropping a notification of {}", n.getName(), e);
                        }
                    }
                }
            } catch (SQLException | IllegalStateException e) {
                if (closed) {
                    break;
                }
                if (failures++ == 0) {
                    log.warn("lost the Postgres listening connection ({}); reconnecting", e.getMessage());
                }
                closeQuietly(listening);
                listening = null;
                sleep(ThreadLocalRandom.current().nextLong(1000, 3000));
            }
        }
        closeQuietly(listening);
        listening = null;
    }

    /**
     * Reads an attachment; on the listener thread only (from the notification handler), so that
     * messages keep their order.
     *
     * @param id the attachment's id
     * @return its payload, or {@code null} when it is gone
     * @throws SQLException when the query fails
     */
    public byte[] attachment(long id) throws SQLException {
        try (PreparedStatement s = listening.prepareStatement("SELECT payload FROM " + tableName + " WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getBytes(1) : null;
            }
        }
    }

    // ---- publishing --------------------------------------------------------------------------

    private interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Runs a statement on the publisher connection; a failure closes it for the next one. */
    private <T> T run(String what, Work<T> work) {
        try {
            if (publishing == null) {
                publishing = source.open();
                publishing.setAutoCommit(true);
            }
            return work.apply(publishing);
        } catch (SQLException e) {
            log.debug("{} failed", what, e);
            closeQuietly(publishing);
            publishing = null;
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }

    private <T> CompletableFuture<T> submit(String what, Work<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            publisher.execute(() -> {
                try {
                    result.complete(run(what, work));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the Postgres adapter is closed"));
        }
        return result;
    }

    /**
     * {@code SELECT pg_notify(channel, payload)}.
     *
     * @param channel the channel
     * @param payload the payload
     * @return completes when sent
     */
    public CompletableFuture<Void> notify(String channel, String payload) {
        return submit("notifying " + channel, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                s.setString(1, channel);
                s.setString(2, payload);
                s.execute();
            }
            return null;
        });
    }

    /**
     * Stores an attachment and notifies its header, in one publisher turn.
     *
     * @param payload the attachment
     * @param channel the channel
     * @param header makes the notification from the attachment's id
     * @return completes when sent
     */
    public CompletableFuture<Void> notifyWithAttachment(byte[] payload, String channel,
            java.util.function.LongFunction<String> header) {
        return submit("notifying " + channel + " with an attachment", c -> {
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + tableName + " (payload) VALUES (?) RETURNING id")) {
                s.setBytes(1, payload);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    id = r.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                s.setString(1, channel);
                s.setString(2, header.apply(id));
                s.execute();
            }
            return null;
        });
    }

    /** {@return the channels listened to, for tests} */
    public Set<String> channels() {
        return Set.copyOf(channels.keySet());
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops both threads and closes the connections, after what was submitted.
     *
     * @return completes when closed
     */
    public CompletableFuture<Void> close() {
        closed = true;
        List<CompletableFuture<Void>> done = new ArrayList<>();
        CompletableFuture<Void> published = new CompletableFuture<>();
        try {
            publisher.execute(() -> {
                closeQuietly(publishing);
                publishing = null;
                published.complete(null);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            published.complete(null);
        }
        publisher.shutdown();
        done.add(published);
        done.add(CompletableFuture.runAsync(() -> {
            try {
                listener.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]));
    }
}
