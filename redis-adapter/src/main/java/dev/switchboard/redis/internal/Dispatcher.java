package dev.switchboard.redis.internal;

import dev.switchboard.redis.internal.RedisLink.MessageHandler;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the subscriber connection's messages to the handlers of {@link RedisLink}'s channels,
 * patterns and shard channels. A message its handler cannot read (another server's garbage, a
 * newer protocol) is dropped with one log line, so that one bad message never stops a subscription.
 */
public final class Dispatcher extends RedisPubSubAdapter<String, byte[]> {

    // The link's logger: where operators already look for the link's messages.
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

    private final Map<String, MessageHandler> channels;
    private final Map<String, MessageHandler> patterns;
    private final Map<String, MessageHandler> shardChannels;

    Dispatcher(Map<String, MessageHandler> channels, Map<String, MessageHandler> patterns,
            Map<String, MessageHandler> shardChannels) {
        this.channels = channels;
        this.patterns = patterns;
        this.shardChannels = shardChannels;
    }

    @Override
    public void message(String channel, byte[] message) {
        deliver(channels.get(channel), channel, message);
    }

    @Override
    public void message(String pattern, String channel, byte[] message) {
        deliver(patterns.get(pattern), channel, message);
    }

    @Override
    public void smessage(String channel, byte[] message) {
        deliver(shardChannels.get(channel), channel, message);
    }

    private void deliver(MessageHandler handler, String channel, byte[] message) {
        if (handler == null) {
            return;
        }
        try {
            handler.onMessage(channel, message);
        } catch (RuntimeException e) {
            log.warn("dropped a message on {}: {}", channel, e.getMessage(), e);
        }
    }
}
