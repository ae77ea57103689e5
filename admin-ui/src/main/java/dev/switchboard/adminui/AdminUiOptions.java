package dev.switchboard.adminui;

import java.time.Duration;
import java.util.Objects;

/**
 * The options of {@link AdminUi#instrument}, as {@code instrument(io, options)} takes them in
 * {@code @socket.io/admin-ui}, with its defaults. Authentication must be chosen explicitly:
 * {@link Builder#auth(BasicAuth)} or {@link Builder#noAuth()}.
 *
 * <pre>{@code
 * AdminUiOptions.builder()
 *         .auth(new BasicAuth("admin", "$2b$10$..."))
 *         .readonly(true)
 *         .build();
 * }</pre>
 */
public final class AdminUiOptions {

    /**
     * How much the admin namespace reports (the reference's {@code mode}).
     */
    public enum Mode {
        /** Everything: the socket list, and each connection, room change and event as it happens. */
        DEVELOPMENT,
        /** The server stats and aggregated counts only: nothing per socket or per event. */
        PRODUCTION
    }

    private final String namespaceName;
    private final BasicAuth auth;
    private final boolean readonly;
    private final String serverId;
    private final Mode mode;
    private final SessionStore store;
    private final Duration statsInterval;

    private AdminUiOptions(Builder b) {
        this.namespaceName = b.namespaceName;
        this.auth = b.auth;
        this.readonly = b.readonly;
        this.serverId = b.serverId;
        this.mode = b.mode;
        this.store = b.store != null ? b.store : SessionStore.inMemory();
        this.statsInterval = b.statsInterval;
    }

    /** {@return a builder with the reference's defaults and no authentication chosen yet} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the admin namespace, {@code /admin} by default} */
    public String namespaceName() {
        return namespaceName;
    }

    /** {@return the basic authentication, or {@code null} when authentication is off} */
    public BasicAuth auth() {
        return auth;
    }

    /** {@return whether the UI may only watch: no join, leave, disconnect or emit} */
    public boolean readonly() {
        return readonly;
    }

    /** {@return the id this server shows in the UI, or {@code null} for the host name} */
    public String serverId() {
        return serverId;
    }

    /** {@return how much is reported, {@link Mode#DEVELOPMENT} by default} */
    public Mode mode() {
        return mode;
    }

    /** {@return where the UI's sessions are kept} */
    public SessionStore store() {
        return store;
    }

    /** {@return how often the server stats are sent, 2 seconds by default as in the reference} */
    public Duration statsInterval() {
        return statsInterval;
    }

    @Override
    public String toString() {
        return "AdminUiOptions[namespaceName=" + namespaceName + ", auth=" + auth + ", readonly=" + readonly
                + ", serverId=" + serverId + ", mode=" + mode + ", statsInterval=" + statsInterval + "]";
    }

    /** Builds {@link AdminUiOptions}. */
    public static final class Builder {

        private String namespaceName = "/admin";
        private BasicAuth auth;
        private boolean authChosen;
        private boolean readonly;
        private String serverId;
        private Mode mode = Mode.DEVELOPMENT;
        private SessionStore store;
        private Duration statsInterval = Duration.ofSeconds(2);

        private Builder() {
        }

        /**
         * The namespace the UI connects to (its "namespace" field in the advanced options).
         *
         * @param namespaceName e.g. {@code /admin}
         * @return this
         */
        public Builder namespaceName(String namespaceName) {
            Objects.requireNonNull(namespaceName, "namespaceName");
            if (!namespaceName.startsWith("/")) {
                throw new IllegalArgumentException("a namespace name starts with /: " + namespaceName);
            }
            this.namespaceName = namespaceName;
            return this;
        }

        /**
         * Requires the UI to log in.
         *
         * @param auth the user name and the bcrypt hash of the password
         * @return this
         */
        public Builder auth(BasicAuth auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            this.authChosen = true;
            return this;
        }

        /**
         * Lets anyone who reaches the server use the UI (the reference's {@code auth: false}): for
         * a development machine only.
         *
         * @return this
         */
        public Builder noAuth() {
            this.auth = null;
            this.authChosen = true;
            return this;
        }

        /**
         * Only lets the UI watch: it is told no action is supported, and actions it sends anyway
         * are ignored.
         *
         * @param readonly true for read-only
         * @return this
         */
        public Builder readonly(boolean readonly) {
            this.readonly = readonly;
            return this;
        }

        /**
         * The id this server shows in the UI's server list; tells apart servers of a cluster that
         * share a host name.
         *
         * @param serverId the id, or {@code null} for the host name
         * @return this
         */
        public Builder serverId(String serverId) {
            this.serverId = serverId;
            return this;
        }

        /**
         * How much is reported; {@link Mode#PRODUCTION} spares a busy server the per-event feeds.
         *
         * @param mode the mode
         * @return this
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Where the UI's sessions are kept (a store shared by the servers of a cluster, say).
         *
         * @param store the store
         * @return this
         */
        public Builder store(SessionStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * How often the server stats are sent.
         *
         * @param statsInterval a positive duration
         * @return this
         */
        public Builder statsInterval(Duration statsInterval) {
            if (statsInterval.isZero() || statsInterval.isNegative()) {
                throw new IllegalArgumentException("statsInterval must be positive: " + statsInterval);
            }
            this.statsInterval = statsInterval;
            return this;
        }

        /**
         * {@return the options}
         *
         * @throws IllegalStateException when neither {@link #auth} nor {@link #noAuth} was called,
         *     as the reference refuses an unspecified {@code auth}
         */
        public AdminUiOptions build() {
            if (!authChosen) {
                throw new IllegalStateException("the `auth` option must be specified or explicitly set to none (noAuth())");
            }
            return new AdminUiOptions(this);
        }
    }
}
