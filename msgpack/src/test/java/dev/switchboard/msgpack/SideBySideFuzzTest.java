package dev.switchboard.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.Packet.Binary;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.msgpack.TypedValues.Style;
import dev.switchboard.socketio.parser.PacketParser.ParseException;
import dev.switchboard.socketio.protocol.Packet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our codec ({@link Notepack}) and parser ({@link MsgpackPacketParser}) side by side with the
 * reference, notepack.io 2.2 and 3.0 and socket.io-msgpack-parser 3.0.2 running in Node
 * ({@code node/fuzz.mjs}), on random values, random packets and random or mutated bytes:
 * <ul>
 *   <li>every value encodes to the reference's bytes, in every Java spelling of it;
 *   <li>every input the reference decodes, ours decodes to the same value, which encodes back to
 *       the bytes the reference writes for its own result; or ours refuses it for one of the
 *       documented reasons (map keys, {@code __proto__}, nesting, event names, ack ids);
 *   <li>every input the reference refuses, ours refuses, with a message;
 *   <li>every packet as socket.io's server builds it encodes to the reference's bytes.
 * </ul>
 * System properties: {@code msgpack.fuzzCases} (default 12 000, about 10 s here),
 * {@code msgpack.fuzzSeed} (default 1; {@code random} for a new one, printed). The longer run:
 * {@code ./mvnw -q -pl msgpack -am verify -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest=SideBySideFuzzTest -Dmsgpack.fuzzCases=1000000 -Dmsgpack.fuzzSeed=random}.
 */
class SideBySideFuzzTest {

    static final String MISSING_NODE = "Node 18+ and npm are needed for the side-by-side fuzz with notepack.io:"
            + " apt-get install nodejs npm";
    /** Typed values of deeply nested inputs nest three times as deep. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(10 * Notepack.MAX_DEPTH)
                    .maxStringLength(Integer.MAX_VALUE).build())
            .build());
    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_REPORTED = 15;

    /** Why ours may refuse what the reference reads: the stricter rules of Notepack and the parser. */
    private static final Map<String, String> DOCUMENTED = Map.of(
            "map key of type", "map key that is not a string, number, boolean or nil",
            "as numeric keys", "numeric map key that is not an integer up to 2^53",
            "map key __proto__", "map key __proto__",
            "nested deeper than", "nesting deeper than 1000",
            "an EVENT starts with its name", "EVENT without a valid name",
            "out of range (0 to 2^63", "EVENT/ACK id out of range");

    private final MsgpackPacketParser parser = new MsgpackPacketParser();
    private final Map<String, Integer> counts = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();

    @Test
    void ourCodecAndParserAgreeWithTheReferenceOnEveryCase() throws Exception {
        int cases = Integer.getInteger("msgpack.fuzzCases", 12_000);
        String seedProperty = System.getProperty("msgpack.fuzzSeed", "1");
        long seed = "random".equals(seedProperty) ? (System.nanoTime() & 0x7fffffff) : Long.parseLong(seedProperty);
        Path dir = NodeReference.dir();
        NodeReference.ensureInstalled(dir);

        Process node = new ProcessBuilder("node", "fuzz.mjs", Long.toString(seed), Integer.toString(cases))
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        node.getOutputStream().close();
        int lines = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                lines++;
                check(line);
            }
        } finally {
            if (node.isAlive() && lines < cases) {
                node.destroyForcibly();
            }
        }
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("the fuzz script ended").isTrue();
        assertThat(node.exitValue()).as("exit code of node fuzz.mjs " + seed + " " + cases).isZero();

        System.out.println("[msgpack fuzz] seed " + seed + ", " + lines + " cases: " + counts);
        assertThat(failures).as("disagreements with the reference (seed %d; rerun with -Dmsgpack.fuzzSeed=%d)", seed, seed)
                .isEmpty();
        assertThat(lines).isGreaterThanOrEqualTo(cases);
        for (String kind : List.of("enc", "dec", "parse", "pkt")) {
            assertThat(counts.keySet()).as("kinds of cases compared").anyMatch(k -> k.startsWith(kind + " "));
        }
    }

    private void count(String key) {
        counts.merge(key, 1, Integer::sum);
    }

    private void fail(String what, String line) {
        count("FAILED");
        if (failures.size() < MAX_REPORTED) {
            failures.add(what + "\n    case: " + (line.length() > 600 ? line.substring(0, 600) + "..." : line));
        }
    }

    private void check(String line) throws IOException {
        JsonNode c = JSON.readTree(line);
        switch (c.get("k").textValue()) {
            case "enc" -> checkEncode(c, line);
            case "dec" -> {
                byte[] in = HEX.parseHex(c.get("in").textValue());
                checkDecode(Notepack.V2, in, c.get("r2"), line);
                checkDecode(Notepack.V3, in, c.get("r3"), line);
            }
            case "parse" -> checkParse(c, line);
            case "pkt" -> checkPacket(c, line);
            default -> fail("unknown case kind", line);
        }
    }

    private void checkEncode(JsonNode c, String line) {
        JsonNode val = c.get("val");
        if (TypedValues.hasUninitialisedBytes(val)) {
            count("enc skipped (notepack writes uninitialised bytes)");
            return;
        }
        boolean keyCache = TypedValues.dependsOnKeyCache(val);
        for (Style style : Style.values()) {
            JsonNode tree = TypedValues.toTree(val, style);
            String ours2 = HEX.formatHex(Notepack.V2.encode(tree));
            if (!ours2.equals(c.get("o2").textValue())) {
                fail("V2 encode (" + style + "): ours " + ours2, line);
                return;
            }
            if (keyCache) {
                continue;
            }
            String ours3 = HEX.formatHex(Notepack.V3.encode(tree));
            if (!ours3.equals(c.get("o3").textValue())) {
                fail("V3 encode (" + style + "): ours " + ours3, line);
                return;
            }
        }
        count(keyCache ? "enc V2 only (V3 key cache)" : "enc same bytes");
    }

    private void checkDecode(Notepack version, byte[] in, JsonNode ref, String line) {
        String v = version.name();
        if (ref.has("skip")) {
            count("dec " + v + " skipped (" + ref.get("skip").textValue() + ")");
            return;
        }
        JsonNode ours;
        try {
            ours = version.decode(in);
        } catch (MsgPackException e) {
            if (ref.has("err")) {
                count(e.getMessage().isBlank() ? "FAILED" : "dec " + v + " both refuse");
            } else {
                String reason = documented(e.getMessage());
                if (reason == null) {
                    fail(v + " decode refused what the reference reads: " + e.getMessage(), line);
                } else {
                    count("dec " + v + " ours stricter: " + reason);
                }
            }
            return;
        }
        if (ref.has("err")) {
            fail(v + " decode read what the reference refuses (" + ref.get("err").textValue() + "): "
                    + TypedValues.fromTree(ours), line);
            return;
        }
        JsonNode tv = TypedValues.fromTree(ours);
        if (!TypedValues.same(tv, ref.get("ok"))) {
            fail(v + " decode: ours " + tv, line);
            return;
        }
        JsonNode re = ref.get("re");
        if (re != null && !re.isNull()) {
            String again = HEX.formatHex(version.encode(ours));
            if (!again.equals(re.textValue())) {
                fail(v + " encode of the decoded value: ours " + again, line);
                return;
            }
        }
        count("dec " + v + " same value");
    }

    private void checkParse(JsonNode c, String line) {
        if (c.has("skip")) {
            count("parse skipped (" + c.get("skip").textValue() + ")");
            return;
        }
        Packet ours;
        try {
            ours = parser.newDecoder().decode(new Binary(HEX.parseHex(c.get("in").textValue())));
        } catch (ParseException e) {
            JsonNode ref = c.get("pkt");
            if (ref.isNull()) {
                count(e.getMessage().isBlank() ? "FAILED" : "parse both refuse");
                return;
            }
            String reason = documented(e.getMessage());
            if (reason == null || !explains(reason, ref)) {
                fail("parse refused what the reference accepts: " + e.getMessage(), line);
            } else {
                count("parse ours stricter: " + reason);
            }
            return;
        }
        if (c.get("pkt").isNull()) {
            fail("parse accepted what the reference refuses (" + c.get("err").textValue() + "): " + ours, line);
            return;
        }
        String diff = packetDifference(ours, c.get("pkt"));
        if (diff != null) {
            fail("parse: " + diff + "; ours " + ours, line);
            return;
        }
        count("parse same packet");
    }

    /** Whether the reference's packet shows the reason ours gives (for the reasons it can show). */
    private static boolean explains(String reason, JsonNode ref) {
        double type = TypedValues.number(ref.get("type"));
        if (reason.startsWith("EVENT without")) {
            JsonNode data = ref.get("data");
            JsonNode name = data.size() == 0 ? null : data.get(0);
            boolean valid = name != null && (name.has("n") || (name.isTextual() && !List.of("connect",
                    "connect_error", "disconnect", "disconnecting", "newListener", "removeListener").contains(name.textValue())));
            return type == 2 && !valid;
        }
        if (reason.startsWith("EVENT/ACK id")) {
            double id = TypedValues.number(ref.get("id"));
            return (type == 2 || type == 3) && (id < 0 || id >= 9.223372036854775808E18);
        }
        return true;
    }

    private static String packetDifference(Packet ours, JsonNode ref) {
        if (ours.type().ordinal() != TypedValues.number(ref.get("type"))) {
            return "type";
        }
        if (!ours.namespace().equals(ref.get("nsp").textValue())) {
            return "nsp";
        }
        JsonNode data = null;
        long id = Packet.NO_ACK;
        boolean ids = false;
        if (ours instanceof Packet.Connect p) {
            data = p.data();
        } else if (ours instanceof Packet.ConnectError p) {
            data = p.data();
        } else if (ours instanceof Packet.Event p) {
            data = p.data();
            id = p.ackId();
            ids = true;
        } else if (ours instanceof Packet.Ack p) {
            data = p.data();
            id = p.ackId();
            ids = true;
        }
        JsonNode refData = ref.get("data");
        if ((refData == null) != (data == null)
                || (data != null && !TypedValues.same(TypedValues.fromTree(data), refData))) {
            return "data";
        }
        if (ids) {
            JsonNode refId = ref.get("id");
            if (refId == null ? id != Packet.NO_ACK : TypedValues.number(refId) != id) {
                return "id";
            }
        }
        return null;
    }

    private void checkPacket(JsonNode c, String line) {
        JsonNode p = c.get("pkt");
        if (TypedValues.hasUninitialisedBytes(p.path("data")) || TypedValues.hasUninitialisedBytes(p.get("nsp"))) {
            count("pkt skipped (notepack writes uninitialised bytes)");
            return;
        }
        String nsp = p.get("nsp").textValue();
        JsonNode data = p.has("data") ? TypedValues.toTree(p.get("data"), Style.PLAIN) : null;
        long id = p.has("id") ? (long) TypedValues.number(p.get("id")) : Packet.NO_ACK;
        Packet packet = switch ((int) TypedValues.number(p.get("type"))) {
            case 0 -> new Packet.Connect(nsp, (ObjectNode) data);
            case 1 -> new Packet.Disconnect(nsp);
            case 2 -> new Packet.Event(nsp, (ArrayNode) data, id);
            case 3 -> new Packet.Ack(nsp, (ArrayNode) data, id);
            default -> new Packet.ConnectError(nsp, data);
        };
        List<Message> messages = parser.encode(packet);
        String ours = messages.size() == 1 && messages.get(0) instanceof Binary b ? HEX.formatHex(b.bytes()) : messages.toString();
        if (!ours.equals(c.get("out").textValue())) {
            fail("packet encode: ours " + ours, line);
            return;
        }
        count("pkt same bytes");
    }

    private static String documented(String message) {
        for (Map.Entry<String, String> e : DOCUMENTED.entrySet()) {
            if (message.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The reference's directory ({@code node/}) and its packages. */
    static final class NodeReference {
        private NodeReference() {
        }

        static Path dir() {
            String dir = System.getProperty("msgpack.nodeDir");
            return dir != null ? Path.of(dir) : Path.of("node").toAbsolutePath();
        }

        /** Runs {@code npm ci} when {@code node_modules} is missing or older than the lockfile. */
        static synchronized void ensureInstalled(Path dir) throws IOException, InterruptedException {
            if (run(dir, "node", "--version") != 0 || run(dir, "npm", "--version") != 0) {
                throw new AssertionError(MISSING_NODE);
            }
            Path installed = dir.resolve("node_modules").resolve(".package-lock.json");
            if (Files.exists(installed) && Files.getLastModifiedTime(installed)
                    .compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) >= 0) {
                return;
            }
            if (run(dir, "npm", "ci", "--no-audit", "--no-fund") != 0) {
                throw new AssertionError("npm ci failed in " + dir);
            }
        }

        private static int run(Path dir, String... command) throws InterruptedException {
            try {
                // Not the JVM's stdin: surefire reads its commands there, and Node makes an
                // inherited stdin non-blocking, which breaks the fork's channel.
                Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO()
                        .redirectInput(ProcessBuilder.Redirect.PIPE).start();
                p.getOutputStream().close();
                if (!p.waitFor(600, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return -1;
                }
                return p.exitValue();
            } catch (IOException e) {
                return -1;
            }
        }
    }
}
