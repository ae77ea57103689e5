package dev.switchboard.server.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits behind the {@code SslHandler} and closes a connection whose TLS fails (plain HTTP sent to
 * the TLS port, a handshake the client gives up, a certificate it refuses) with one DEBUG line, as
 * Node's HTTPS server destroys such a socket silently: port scanners and broken clients must not
 * fill the log. Other errors go on to the HTTP handlers.
 */
@ChannelHandler.Sharable
public final class TlsFailures extends ChannelInboundHandlerAdapter {

    /** The one instance; it holds no state. */
    public static final TlsFailures INSTANCE = new TlsFailures();

    private static final Logger log = LoggerFactory.getLogger(TlsFailures.class);

    private TlsFailures() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                log.debug("TLS failed with {}: {}", Requests.address(ctx.channel().remoteAddress()), t.toString());
                ctx.close();
                return;
            }
        }
        ctx.fireExceptionCaught(cause);
    }
}
