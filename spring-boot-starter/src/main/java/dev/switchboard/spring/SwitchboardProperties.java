package dev.switchboard.spring;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code switchboard.*} properties: socket.io's server options under their JavaScript names
 * (in Spring's kebab case) with socket.io's defaults, plus where to serve ({@code server.*}) and the
 * cluster adapter ({@code redis.*}). A duration without a unit is in milliseconds, as in socket.io
 * ({@code switchboard.ping-interval=25000} or {@code 25s}).
 */
@ConfigurationProperties(prefix = "switchboard")
public class SwitchboardProperties {

    /** Whether the auto-configuration creates and serves a Socket.IO server at all. */
    private boolean enabled = true;
    /** The path the server answers under (socket.io's {@code path}). */
    private String path = "/socket.io";
    /** Whether the client bundle is served at {@code <path>/socket.io.js} (socket.io's {@code serveClient}). */
    private boolean serveClient = true;
    /** How long a client may take to join a namespace after the Engine.IO handshake. */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration connectTimeout = Duration.ofMillis(45_000);
    /** Whether a child of a dynamic namespace is removed when its last socket leaves. */
    private boolean cleanupEmptyChildNamespaces;
    /** The interval between two heartbeats (Engine.IO's {@code pingInterval}). */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration pingInterval = Duration.ofMillis(25_000);
    /** How long the server waits for a heartbeat answer before closing (Engine.IO's {@code pingTimeout}). */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration pingTimeout = Duration.ofMillis(20_000);
    /** How long an upgrade to WebSocket may take (Engine.IO's {@code upgradeTimeout}). */
    @DurationUnit(ChronoUnit.MILLIS)
    private Duration upgradeTimeout = Duration.ofMillis(10_000);
    /** The largest message or polling body, in bytes (Engine.IO's {@code maxHttpBufferSize}). */
    private long maxHttpBufferSize = 1_000_000;
    /**
     * The bytes a session may have queued toward a slow client before volatile packets are dropped
     * and then the session is closed (Switchboard's bound; Node has none).
     */
    private long maxBufferedBytes = 10_000_000;
    /** The transports clients may use, in socket.io's names ({@code polling}, {@code websocket}). */
    private List<String> transports = new ArrayList<>(List.of("polling", "websocket"));
    /** Whether clients may upgrade from polling to WebSocket. */
    private boolean allowUpgrades = true;
    /** Whether WebSocket messages are compressed with permessage-deflate. */
    private boolean perMessageDeflate;
    /** Whether polling responses are compressed (gzip or deflate) when the client accepts it. */
    private boolean httpCompression = true;
    /** Whether {@code /socket.io} also answers as {@code /socket.io/} (Engine.IO's {@code addTrailingSlash}). */
    private boolean addTrailingSlash = true;
    /** The packet format: {@code json} (default) or {@code msgpack} (needs switchboard-msgpack). */
    private String parser = "json";
    /**
     * Where handlers run: {@code event-loop} (as in Node: never block in them), or
     * {@code virtual-threads} (JDK 21+) so handlers may block; still in order per socket.
     */
    private String handlerExecutor = "event-loop";

    private final Cors cors = new Cors();
    private final Cookie cookie = new Cookie();
    private final ConnectionStateRecovery connectionStateRecovery = new ConnectionStateRecovery();
    private final Server server = new Server();
    private final Redis redis = new Redis();

    /** socket.io's {@code cors} option; no CORS headers unless {@code origins} is set. */
    public static class Cors {
        /** The allowed origins: {@code *} for any, else the exact origins. Empty: no CORS headers. */
        private List<String> origins = new ArrayList<>();
        /** Whether credentials (cookies) may be sent cross-origin. */
        private boolean credentials;
        /** The allowed methods. */
        private List<String> methods = new ArrayList<>(List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"));
        /** The allowed request headers; empty reflects those the browser asks for. */
        private List<String> allowedHeaders = new ArrayList<>();
        /** The response headers exposed to the page. */
        private List<String> exposedHeaders = new ArrayList<>();
        /** How long a browser may cache a preflight answer; unset sends no max-age. */
        private Duration maxAge;

        /** @return the allowed origins */
        public List<String> getOrigins() { return origins; }
        /** @param origins the allowed origins */
        public void setOrigins(List<String> origins) { this.origins = origins; }
        /** @return whether credentials are allowed */
        public boolean isCredentials() { return credentials; }
        /** @param credentials whether credentials are allowed */
        public void setCredentials(boolean credentials) { this.credentials = credentials; }
        /** @return the allowed methods */
        public List<String> getMethods() { return methods; }
        /** @param methods the allowed methods */
        public void setMethods(List<String> methods) { this.methods = methods; }
        /** @return the allowed request headers */
        public List<String> getAllowedHeaders() { return allowedHeaders; }
        /** @param allowedHeaders the allowed request headers */
        public void setAllowedHeaders(List<String> allowedHeaders) { this.allowedHeaders = allowedHeaders; }
        /** @return the exposed headers */
        public List<String> getExposedHeaders() { return exposedHeaders; }
        /** @param exposedHeaders the exposed headers */
        public void setExposedHeaders(List<String> exposedHeaders) { this.exposedHeaders = exposedHeaders; }
        /** @return the preflight cache duration, or null */
        public Duration getMaxAge() { return maxAge; }
        /** @param maxAge the preflight cache duration */
        public void setMaxAge(Duration maxAge) { this.maxAge = maxAge; }
    }

    /** Engine.IO's {@code cookie} option: the sticky-session cookie, off by default. */
    public static class Cookie {
        /** Whether the handshake sets the cookie. */
        private boolean enabled;
        /** The cookie's name. */
        private String name = "io";
        /** The cookie's path. */
        private String path = "/";
        /** Whether the cookie is HttpOnly. */
        private boolean httpOnly = true;
        /** The cookie's SameSite attribute. */
        private String sameSite = "Lax";
        /** Whether the cookie is Secure. */
        private boolean secure;
        /** The cookie's Max-Age in seconds; negative for a session cookie. */
        private long maxAge = -1;
        /** The cookie's Domain, or none. */
        private String domain;

        /** @return whether the cookie is set */
        public boolean isEnabled() { return enabled; }
        /** @param enabled whether the cookie is set */
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        /** @return the name */
        public String getName() { return name; }
        /** @param name the name */
        public void setName(String name) { this.name = name; }
        /** @return the path */
        public String getPath() { return path; }
        /** @param path the path */
        public void setPath(String path) { this.path = path; }
        /** @return whether HttpOnly */
        public boolean isHttpOnly() { return httpOnly; }
        /** @param httpOnly whether HttpOnly */
        public void setHttpOnly(boolean httpOnly) { this.httpOnly = httpOnly; }
        /** @return the SameSite attribute */
        public String getSameSite() { return sameSite; }
        /** @param sameSite the SameSite attribute */
        public void setSameSite(String sameSite) { this.sameSite = sameSite; }
        /** @return whether Secure */
        public boolean isSecure() { return secure; }
        /** @param secure whether Secure */
        public void setSecure(boolean secure) { this.secure = secure; }
        /** @return the Max-Age in seconds */
        public long getMaxAge() { return maxAge; }
        /** @param maxAge the Max-Age in seconds */
        public void setMaxAge(long maxAge) { this.maxAge = maxAge; }
        /** @return the Domain */
        public String getDomain() { return domain; }
        /** @param domain the Domain */
        public void setDomain(String domain) { this.domain = domain; }
    }

    /** socket.io's {@code connectionStateRecovery} option, off by default. */
    public static class ConnectionStateRecovery {
        /** Whether a client that comes back in time gets its id, rooms, data and missed packets back. */
        private boolean enabled;
        /** How long a disconnected session is kept. */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration maxDisconnectionDuration = Duration.ofMinutes(2);
        /** Whether namespace middlewares are skipped on a successful recovery. */
        private boolean skipMiddlewares = true;

        /** @return whether recovery is on */
        public boolean isEnabled() { return enabled; }
        /** @param enabled whether recovery is on */
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        /** @return how long a session is kept */
        public Duration getMaxDisconnectionDuration() { return maxDisconnectionDuration; }
        /** @param d how long a session is kept */
        public void setMaxDisconnectionDuration(Duration d) { this.maxDisconnectionDuration = d; }
        /** @return whether middlewares are skipped */
        public boolean isSkipMiddlewares() { return skipMiddlewares; }
        /** @param skip whether middlewares are skipped */
        public void setSkipMiddlewares(boolean skip) { this.skipMiddlewares = skip; }
    }

    /**
     * Where the server is served: unset {@code port} mounts it on the application's own servlet
     * container and port; a port runs it on its own Netty server there.
     */
    public static class Server {
        /**
         * A separate port for Socket.IO on a Netty server of its own ({@code 0} picks a free one).
         * Unset (the default): Socket.IO is served on the application's own servlet container and port.
         */
        private Integer port;
        /** The address the separate Netty server binds to. */
        private String host = "0.0.0.0";

        /** @return the separate port, or null for the app's own */
        public Integer getPort() { return port; }
        /** @param port the separate port */
        public void setPort(Integer port) { this.port = port; }
        /** @return the bind address */
        public String getHost() { return host; }
        /** @param host the bind address */
        public void setHost(String host) { this.host = host; }
    }

    /** The Redis cluster adapter ({@code @socket.io/redis-adapter} compatible); off unless {@code url} is set. */
    public static class Redis {
        /** The Redis URI, e.g. {@code redis://localhost:6379}. */
        private String url;
        /** The channel prefix, shared with the Node servers of the cluster. */
        private String key = "socket.io";
        /** How long a cluster request (fetchSockets, serverSideEmitWithAck) waits for the other servers. */
        @DurationUnit(ChronoUnit.MILLIS)
        private Duration requestsTimeout = Duration.ofSeconds(5);
        /** Whether to use sharded Pub/Sub (Redis 7+, {@code createShardedAdapter}). */
        private boolean sharded;

        /** @return the Redis URI */
        public String getUrl() { return url; }
        /** @param url the Redis URI */
        public void setUrl(String url) { this.url = url; }
        /** @return the channel prefix */
        public String getKey() { return key; }
        /** @param key the channel prefix */
        public void setKey(String key) { this.key = key; }
        /** @return the requests timeout */
        public Duration getRequestsTimeout() { return requestsTimeout; }
        /** @param t the requests timeout */
        public void setRequestsTimeout(Duration t) { this.requestsTimeout = t; }
        /** @return whether sharded Pub/Sub is used */
        public boolean isSharded() { return sharded; }
        /** @param sharded whether sharded Pub/Sub is used */
        public void setSharded(boolean sharded) { this.sharded = sharded; }
    }

    /** @return whether the server is created */
    public boolean isEnabled() { return enabled; }
    /** @param enabled whether the server is created */
    public void setEnabled(boolean enabled) { this.enabled = enabled; }

    /** @return the path */
    public String getPath() { return path; }
    /** @param path the path */
    public void setPath(String path) { this.path = path; }

    /** @return whether the client bundle is served */
    public boolean isServeClient() { return serveClient; }
    /** @param serveClient whether the client bundle is served */
    public void setServeClient(boolean serveClient) { this.serveClient = serveClient; }

    /** @return the connect timeout */
    public Duration getConnectTimeout() { return connectTimeout; }
    /** @param connectTimeout the connect timeout */
    public void setConnectTimeout(Duration connectTimeout) { this.connectTimeout = connectTimeout; }

    /** @return whether empty child namespaces are removed */
    public boolean isCleanupEmptyChildNamespaces() { return cleanupEmptyChildNamespaces; }
    /** @param cleanupEmptyChildNamespaces whether empty child namespaces are removed */
    public void setCleanupEmptyChildNamespaces(boolean cleanupEmptyChildNamespaces) { this.cleanupEmptyChildNamespaces = cleanupEmptyChildNamespaces; }

    /** @return the heartbeat interval */
    public Duration getPingInterval() { return pingInterval; }
    /** @param pingInterval the heartbeat interval */
    public void setPingInterval(Duration pingInterval) { this.pingInterval = pingInterval; }

    /** @return the heartbeat timeout */
    public Duration getPingTimeout() { return pingTimeout; }
    /** @param pingTimeout the heartbeat timeout */
    public void setPingTimeout(Duration pingTimeout) { this.pingTimeout = pingTimeout; }

    /** @return the upgrade timeout */
    public Duration getUpgradeTimeout() { return upgradeTimeout; }
    /** @param upgradeTimeout the upgrade timeout */
    public void setUpgradeTimeout(Duration upgradeTimeout) { this.upgradeTimeout = upgradeTimeout; }

    /** @return the largest message in bytes */
    public long getMaxHttpBufferSize() { return maxHttpBufferSize; }
    /** @param maxHttpBufferSize the largest message in bytes */
    public void setMaxHttpBufferSize(long maxHttpBufferSize) { this.maxHttpBufferSize = maxHttpBufferSize; }

    /** @return the outbound bound in bytes */
    public long getMaxBufferedBytes() { return maxBufferedBytes; }
    /** @param maxBufferedBytes the outbound bound in bytes */
    public void setMaxBufferedBytes(long maxBufferedBytes) { this.maxBufferedBytes = maxBufferedBytes; }

    /** @return the transports */
    public List<String> getTransports() { return transports; }
    /** @param transports the transports */
    public void setTransports(List<String> transports) { this.transports = transports; }

    /** @return whether upgrades are allowed */
    public boolean isAllowUpgrades() { return allowUpgrades; }
    /** @param allowUpgrades whether upgrades are allowed */
    public void setAllowUpgrades(boolean allowUpgrades) { this.allowUpgrades = allowUpgrades; }

    /** @return whether WebSocket compression is on */
    public boolean isPerMessageDeflate() { return perMessageDeflate; }
    /** @param perMessageDeflate whether WebSocket compression is on */
    public void setPerMessageDeflate(boolean perMessageDeflate) { this.perMessageDeflate = perMessageDeflate; }

    /** @return whether polling compression is on */
    public boolean isHttpCompression() { return httpCompression; }
    /** @param httpCompression whether polling compression is on */
    public void setHttpCompression(boolean httpCompression) { this.httpCompression = httpCompression; }

    /** @return whether the path also answers with a trailing slash */
    public boolean isAddTrailingSlash() { return addTrailingSlash; }
    /** @param addTrailingSlash whether the path also answers with a trailing slash */
    public void setAddTrailingSlash(boolean addTrailingSlash) { this.addTrailingSlash = addTrailingSlash; }

    /** @return the packet format */
    public String getParser() { return parser; }
    /** @param parser the packet format */
    public void setParser(String parser) { this.parser = parser; }

    /** @return where handlers run */
    public String getHandlerExecutor() { return handlerExecutor; }
    /** @param handlerExecutor where handlers run */
    public void setHandlerExecutor(String handlerExecutor) { this.handlerExecutor = handlerExecutor; }

    /** @return the CORS options */
    public Cors getCors() { return cors; }

    /** @return the cookie options */
    public Cookie getCookie() { return cookie; }

    /** @return the recovery options */
    public ConnectionStateRecovery getConnectionStateRecovery() { return connectionStateRecovery; }

    /** @return where the server is served */
    public Server getServer() { return server; }

    /** @return the Redis adapter options */
    public Redis getRedis() { return redis; }
}
