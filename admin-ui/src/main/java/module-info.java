/**
 * The server side of the Socket.IO admin UI: {@link dev.switchboard.adminui.AdminUi#instrument}
 * opens the namespace that {@code @socket.io/admin-ui} 0.5.x connects to. The implementation
 * ({@code .internal}) is not exported.
 */
module dev.switchboard.adminui {
    requires transitive dev.switchboard.socketio;
    requires org.bouncycastle.provider;
    requires org.slf4j;

    exports dev.switchboard.adminui;
}
