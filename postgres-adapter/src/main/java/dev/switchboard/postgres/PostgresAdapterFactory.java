package dev.switchboard.postgres;

import dev.switchboard.postgres.internal.PgLink;
import dev.switchboard.socketio.adapter.Adapter;
import dev.switchboard.socketio.adapter.AdapterContext;
import dev.switchboard.socketio.adapter.AdapterFactory;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates the Postgres adapter of each namespace ({@code createAdapter} of
 * {@code @socket.io/postgres-adapter} 0.5). All namespaces share two connections: one listening,
 * one publishing. The attachments table is created when missing.
 *
 * <pre>{@code
 * var postgres = PostgresAdapterFactory.create("postgres://app:secret@db:5432/app");
 * var io = SocketIoServer.builder().adapter(postgres).build();
 * }</pre>
 */
public final class PostgresAdapterFactory implements AdapterFactory, AutoCloseable {

    private final PgLink link;
    private final PostgresAdapterOptions options;
    private final Map<String, PostgresAdapter> byChannel = new ConcurrentHashMap<>();

    private PostgresAdapterFactory(PgLink.ConnectionSource source, PostgresAdapterOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.link = new PgLink(source, options.tableName(), options.cleanupInterval(), this::onNotification);
    }

    /**
     * A factory with the default options.
     *
     * @param url {@code postgres://user:password@host:port/database} (as {@code DATABASE_URL}
     *     usually is) or a JDBC URL {@code jdbc:postgresql://...}
     * @return the factory, connecting
     */
    public static PostgresAdapterFactory create(String url) {
        return create(url, PostgresAdapterOptions.DEFAULT);
    }

    /**
     * A factory.
     *
     * @param url {@code postgres://user:password@host:port/database} or {@code jdbc:postgresql://...}
     * @param options the adapter's options
     * @return the factory, connecting
     */
    public static PostgresAdapterFactory create(String url, PostgresAdapterOptions options) {
        Properties props = new Properties();
        String jdbc = jdbcUrl(url, props);
        return new PostgresAdapterFactory(() -> DriverManager.getConnection(jdbc, props), options);
    }

    /**
     * Turns {@code postgres://user:password@host:port/database?params} into a JDBC URL, putting
     * the user and password in {@code props}; a JDBC URL is returned as it is.
     *
     * @param url the URL
     * @param props receives {@code user} and {@code password}
     * @return the JDBC URL
     */
    static String jdbcUrl(String url, Properties props) {
        if (url.startsWith("jdbc:")) {
            return url;
        }
        URI uri = URI.create(url);
        if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
            throw new IllegalArgumentException("not a Postgres URL: " + uri.getScheme() + "://...");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            props.setProperty("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                props.setProperty("password", decode(userInfo.substring(colon + 1)));
            }
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return "jdbc:postgresql://" + host + port + path + query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Creates the adapter of a namespace; it listens to its channel when the namespace starts it. */
    @Override
    public Adapter create(AdapterContext context) {
        String channel = options.channelOf(context.name());
        PostgresAdapter adapter = new PostgresAdapter(context, link, options, () -> {
            byChannel.remove(channel);
            link.unlisten(channel);
        });
        byChannel.put(channel, adapter);
        return adapter;
    }

    private void onNotification(String channel, String payload) {
        PostgresAdapter adapter = byChannel.get(channel);
        if (adapter != null) {
            adapter.onNotification(payload);
        }
    }

    /** {@return the options} */
    public PostgresAdapterOptions options() {
        return options;
    }

    /** Closes both connections, after what was published. Close the servers first. */
    @Override
    public void close() {
        closeAsync();
    }

    /**
     * Closes both connections, after what was published.
     *
     * @return completes when closed
     */
    public CompletableFuture<Void> closeAsync() {
        return link.close();
    }
}
