package dev.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public surface of a compiled module as text, to commit and compare on every build: for
 * each package its {@code module-info} exports to everyone, each public or protected type with
 * its declaration, and its public and protected constructors, methods and fields, with their
 * generic signatures. A change to the API is then a visible diff of {@code api/<module>.api}.
 *
 * <p>Regenerate after an intended change with {@code -Dapi.update=true} (see the README).
 */
public final class ApiSurface {

    private ApiSurface() {
    }

    /**
     * Renders the surface of the classes under a directory.
     *
     * @param classes a module's compiled classes, {@code module-info.class} included
     * @return one line per type and member, types in name order, members sorted under their type
     * @throws IOException when the classes cannot be read
     */
    public static String render(Path classes) throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        Set<String> exported = module.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> types;
        try (Stream<Path> files = Files.walk(classes)) {
            types = files.map(p -> classes.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class")
                            && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .filter(n -> exported.contains(n.substring(0, n.lastIndexOf('.'))))
                    .sorted()
                    .toList();
        }
        StringBuilder out = new StringBuilder();
        out.append("module ").append(module.name()).append('\n');
        for (String e : exported) {
            out.append("exports ").append(e).append('\n');
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : types) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("not on the test class path: " + name, e);
            }
            if (visible(type)) {
                render(type, out);
            }
        }
        return out.toString();
    }

    /**
     * Compares the rendered surface with the committed file, or rewrites the file when the
     * system property {@code api.update} is {@code true}.
     *
     * @param classes the module's compiled classes
     * @param committed the committed dump, e.g. {@code api/engineio.api}
     * @throws IOException when a file cannot be read or written
     * @throws AssertionError naming the first difference when they differ
     */
    public static void check(Path classes, Path committed) throws IOException {
        String now = render(classes);
        if (Boolean.getBoolean("api.update")) {
            Files.createDirectories(committed.toAbsolutePath().getParent());
            Files.writeString(committed, now, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(committed)) {
            throw new AssertionError(committed + " is missing: write it with -Dapi.update=true");
        }
        String before = Files.readString(committed, StandardCharsets.UTF_8);
        if (!before.equals(now)) {
            throw new AssertionError("The public API differs from " + committed + " (if intended, regenerate it"
                    + " with -Dapi.update=true and commit the diff):\n" + diff(before, now));
        }
    }

    private static String diff(String before, String now) {
        Set<String> was = new TreeSet<>(before.lines().toList());
        Set<String> is = new TreeSet<>(now.lines().toList());
        StringBuilder out = new StringBuilder();
        for (String line : was) {
            if (!is.contains(line)) {
                out.append("- ").append(line).append('\n');
            }
        }
        for (String line : is) {
            if (!was.contains(line)) {
                out.append("+ ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** Public, or protected, and so is every type it is nested in. */
    private static boolean visible(Class<?> type) {
        if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            int m = t.getModifiers();
            if (!Modifier.isPublic(m) && !Modifier.isProtected(m)) {
                return false;
            }
        }
        return true;
    }

    private static void render(Class<?> type, StringBuilder out) {
        out.append('\n').append(declaration(type)).append('\n');
        List<String> members = new ArrayList<>();
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (shown(c) && !type.isEnum()) {
                members.add(c.toGenericString());
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (shown(m) && !m.isBridge()) {
                members.add(m.toGenericString());
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (shown(f)) {
                members.add(f.toGenericString());
            }
        }
        members.sort(null);
        for (String m : members) {
            out.append("  ").append(m).append('\n');
        }
    }

    private static boolean shown(Member member) {
        int m = member.getModifiers();
        return !member.isSynthetic() && (Modifier.isPublic(m) || Modifier.isProtected(m));
    }

    private static String declaration(Class<?> type) {
        StringBuilder d = new StringBuilder();
        int mods = type.getModifiers();
        if (type.isInterface()) {
            mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
        }
        if (type.isEnum() || type.isRecord()) {
            mods &= ~Modifier.FINAL;
        }
        String m = Modifier.toString(mods);
        if (!m.isEmpty()) {
            d.append(m).append(' ');
        }
        if (type.isSealed()) {
            d.append("sealed ");
        }
        d.append(type.isAnnotation() ? "@interface" : type.isInterface() ? "interface" : type.isEnum() ? "enum"
                : type.isRecord() ? "record" : "class").append(' ').append(type.getTypeName());
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
            d.append(" extends ").append(superclass.getTypeName());
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0) {
            d.append(type.isInterface() ? " extends " : " implements ");
            List<String> names = new ArrayList<>();
            for (Type i : interfaces) {
                names.add(i.getTypeName());
            }
            d.append(String.join(", ", names));
        }
        return d.toString();
    }
}
