package dev.switchboard.server.guide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.SocketIoServer;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The snippets of the guide's threading, error handling, recovery, parser and Engine.IO sections do what the guide says. */
class GuideAdvancedSnippetsTest extends GuideHarness {

    @Test
    void handlerExecutorRunsABlockingHandler() {
        SocketIoServer io = GuideAdvancedSnippets.handlerExecutor();
        toClose.add(() -> ((ExecutorService) io.options().handlerExecutor()).shutdown());
        GuideClient c = open(serve(io), "/socket.io/");
        c.connect("/", "");
        c.send("421[\"profile\",\"7\"]");
        c.expect("431[{\"name\":\"user-7\"}]");
    }

    @Test
    void offTheLoopAnswersFromThePool() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        toClose.add(pool::shutdown);
        GuideClient c = connected(socket -> GuideAdvancedSnippets.offTheLoop(socket, pool));
        c.send("423[\"profile\",\"9\"]");
        c.expect("433[{\"name\":\"user-9\"}]");
    }

    @Test
    void errorsAreLoggedAndTheSocketGoesOn() {
        GuideClient c = connected(GuideAdvancedSnippets::errors);
        c.send("42[\"boom\"]");
        c.send("42[\"move\",\"oops\"]");
        c.send("421[\"point\",\"x\"]");
        String answer = c.next();
        assertThat(answer).startsWith("431[{\"error\":\"argument 0 of event \\\"point\\\" does not map to "
                + GuideSnippets.Point.class.getName() + ": ");
    }

    @Test
    void recoveryGivesAPrivateSessionId() {
        GuideClient c = open(serve(GuideAdvancedSnippets.recovery()), "/socket.io/");
        c.send("40");
        assertThat(c.next()).matches("^40\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"pid\":\"[A-Za-z0-9_-]{20}\"\\}$");
    }

    @Test
    void msgpackSnippetSpeaksSocketIoMsgpackParsersBinaryMessages() {
        SocketIoServer io = GuideAdvancedSnippets.msgpack();
        io.on("connection", socket -> socket.on("echo", (args, ack) -> ack.send(args)));
        GuideClient c = open(serve(io), "/socket.io/");
        HexFormat hex = HexFormat.of();
        // Bytes of socket.io-msgpack-parser 3.0.2: the client's CONNECT, then {sid, pid: undefined}.
        c.sendBinary(hex.parseHex("83a47479706500a464617461d40000a36e7370a12f"));
        String reply = hex.formatHex(c.nextBinary());
        assertThat(reply).matches("83a47479706500a46461746182a3736964b4[0-9a-f]{40}a3706964d40000a36e7370a12f");
        c.sendBinary(hex.parseHex("85a47479706502a46461746193a46563686fa26869c4020102a76f7074696f6e7381a8636f6d"
                + "7072657373c3a2696401a36e7370a12f"));
        assertThat(hex.formatHex(c.nextBinary())).isEqualTo("84a2696401a47479706503a46461746192a26869c4020102a36e7370a12f");
    }

    @Test
    void customParserSnippetCountsPacketsBothWays() {
        SocketIoServer io = GuideAdvancedSnippets.customParser();
        io.on("connection", socket -> socket.on("echo", (args, ack) -> ack.send(args)));
        GuideClient c = open(serve(io), "/socket.io/");
        c.connect("/", "");
        c.send("421[\"echo\",\"x\"]");
        c.expect("431[\"x\"]");
        GuideAdvancedSnippets.CountingParser parser = (GuideAdvancedSnippets.CountingParser) io.options().parser();
        assertThat(parser.received.sum()).as("CONNECT and EVENT").isEqualTo(2);
        assertThat(parser.sent.sum()).as("the CONNECT reply and the ACK").isEqualTo(2);
    }

    @Test
    void standaloneEngineIoEchoesTextAndBinary() {
        NettyServer server = GuideAdvancedSnippets.engineIo().listen("127.0.0.1", 0);
        toClose.add(server);
        GuideClient c = open(server.port(), "/engine.io/");
        c.send("4hello");
        c.expect("4hello");
        c.sendBinary(new byte[] {4, 2});
        assertThat(c.nextBinary()).containsExactly(4, 2);
    }
}
