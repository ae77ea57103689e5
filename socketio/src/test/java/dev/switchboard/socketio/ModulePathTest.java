package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The module as a user on the module path gets it: {@code dev.switchboard.socketio} and what it
 * requires, resolved as named modules in a layer of their own, with Jackson writing and reading
 * our records (the handshake, which the module opens to it) and an application's record, which
 * lives outside the module. The other tests run on the class path, where no module rule applies.
 */
class ModulePathTest {

    /** An application's payload type, in the unnamed module. */
    public record User(String name, int age) {
    }

    private static ModuleLayer layer() {
        List<Path> paths = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName().toString();
            boolean ours = Files.isDirectory(p) && Files.exists(p.resolve("module-info.class"));
            boolean needed = name.endsWith(".jar")
                    && (name.startsWith("jackson-") || name.startsWith("netty-") || name.startsWith("slf4j-api")
                    || name.startsWith("switchboard-engineio"));
            if (ours || needed) {
                paths.add(p);
            }
        }
        ModuleFinder finder = ModuleFinder.of(paths.toArray(new Path[0]));
        Configuration cf = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of("dev.switchboard.socketio"));
        return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    }

    @Test
    void jacksonWritesAndReadsOurRecordsAndTheApplicationsOnTheModulePath() throws Exception {
        ModuleLayer layer = layer();
        assertThat(layer.findModule("dev.switchboard.socketio")).isPresent();
        assertThat(layer.findModule("dev.switchboard.socketio").orElseThrow().getDescriptor().exports())
                .noneMatch(e -> e.source().endsWith(".internal"));
        ClassLoader loader = layer.findLoader("dev.switchboard.socketio");
        Class<?> parser = loader.loadClass("dev.switchboard.socketio.parser.JsonPacketParser");
        assertThat(parser.getModule().getName()).isEqualTo("dev.switchboard.socketio");
        Object mapper = parser.getMethod("newObjectMapper").invoke(null);
        Method valueToTree = mapper.getClass().getMethod("valueToTree", Object.class);
        Method treeToValue = mapper.getClass().getMethod("treeToValue",
                loader.loadClass("com.fasterxml.jackson.core.TreeNode"), Class.class);

        Class<?> handshake = loader.loadClass("dev.switchboard.socketio.Handshake");
        Object hs = handshake.getConstructors()[0].newInstance(Map.of("host", "example.com"), "10.0.0.1", true,
                false, 1_700_000_000_000L, "/socket.io/?EIO=4", Map.of("EIO", "4"), null);
        Object tree = valueToTree.invoke(mapper, hs);
        assertThat(tree.toString()).startsWith("{\"headers\":{\"host\":\"example.com\"},\"time\":")
                .contains("\"address\":\"10.0.0.1\",\"xdomain\":true");
        assertThat(treeToValue.invoke(mapper, tree, handshake)).isEqualTo(hs);

        Object user = valueToTree.invoke(mapper, new User("ann", 3));
        assertThat(user.toString()).isEqualTo("{\"name\":\"ann\",\"age\":3}");
        Class<?> eventArgs = loader.loadClass("dev.switchboard.socketio.EventArgs");
        Object array = mapper.getClass().getMethod("createArrayNode").invoke(mapper);
        array.getClass().getMethod("add", loader.loadClass("com.fasterxml.jackson.databind.JsonNode"))
                .invoke(array, user);
        Object args = eventArgs.getMethod("of", array.getClass(), loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper"))
                .invoke(null, array, mapper);
        assertThat(eventArgs.getMethod("get", int.class, Class.class).invoke(args, 0, User.class))
                .isEqualTo(new User("ann", 3));
    }
}
