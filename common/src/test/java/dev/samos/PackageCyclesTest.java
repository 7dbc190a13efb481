package dev.samos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

/**
 * The packages of this library form layers (common/README.md, "Package layering"): no package may reach back into
 * one that depends on it. This reads the compiled main classes with ASM, builds the graph of {@code dev.samos.*}
 * packages (a uses b if a class of a names a class of b anywhere in its constant pool: supertypes, fields,
 * signatures, calls, constants) and fails on any strongly connected component of more than one package, naming a
 * cycle and a class reference for each of its edges.
 */
class PackageCyclesTest {

    private static final int CONSTANT_UTF8 = 1;
    private static final int CONSTANT_CLASS = 7;

    /** A {@code dev/samos/...} class named in a descriptor or generic signature: {@code Ldev/samos/function/Pure;}. */
    private static final Pattern IN_DESCRIPTOR = Pattern.compile("L(dev/samos/[^;<>]+)[;<]");

    @Test
    void packagesFormNoCycle() throws IOException, URISyntaxException {
        Graph graph = graphOfMainClasses();
        assertThat(graph.edges.keySet())
                .as("packages read from the main classes; too few means the wrong classes were read")
                .contains("dev.samos.function", "dev.samos.portal", "dev.samos.value", "dev.samos.validator");

        List<String> cycles = new ArrayList<>();
        for (Set<String> component : graph.stronglyConnectedComponents()) {
            if (component.size() > 1) {
                cycles.add(graph.describeCycleIn(component));
            }
        }
        assertThat(cycles).as("package cycles in common (see common/README.md, Package layering)").isEmpty();
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Graph graph = new Graph();
        graph.add("dev.samos.a.A", "dev.samos.b.B");
        graph.add("dev.samos.b.B", "dev.samos.c.C");
        graph.add("dev.samos.c.C", "dev.samos.a.A2");
        graph.add("dev.samos.c.C", "dev.samos.d.D");
        List<Set<String>> components = graph.stronglyConnectedComponents();

        assertThat(components).contains(Set.of("dev.samos.a", "dev.samos.b", "dev.samos.c"), Set.of("dev.samos.d"));
        assertThat(graph.describeCycleIn(new TreeSet<>(Set.of("dev.samos.a", "dev.samos.b", "dev.samos.c"))))
                .startsWith("dev.samos.a -> dev.samos.b -> dev.samos.c -> dev.samos.a")
                .contains("dev.samos.c.C uses dev.samos.a.A2");
    }

    private static Graph graphOfMainClasses() throws IOException, URISyntaxException {
        Path location = Path.of(SamosException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Graph graph = new Graph();
        if (Files.isDirectory(location)) {
            read(location, graph);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                read(jar.getPath("/"), graph);
            }
        }
        return graph;
    }

    private static void read(Path root, Graph graph) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                ClassReader reader = new ClassReader(bytes);
                String self = reader.getClassName();
                if (self.startsWith("dev/samos/")) {
                    for (String used : referencedClasses(bytes, reader)) {
                        graph.add(self.replace('/', '.'), used.replace('/', '.'));
                    }
                }
            }
        }
    }

    /** Every {@code dev/samos/} class the constant pool names, as a class entry or inside a descriptor. */
    private static Set<String> referencedClasses(byte[] bytes, ClassReader reader) {
        Set<String> used = new TreeSet<>();
        char[] buffer = new char[reader.getMaxStringLength()];
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            if (offset == 0) {
                continue;     // the unused slot after a long or double
            }
            int tag = reader.readByte(offset - 1);
            if (tag == CONSTANT_CLASS) {
                String name = reader.readUTF8(offset, buffer);
                if (name.startsWith("dev/samos/")) {
                    used.add(name);
                }
            } else if (tag == CONSTANT_UTF8) {
                // descriptors and generic signatures; only the ASCII class names matter, so Latin-1 decodes enough
                String text = new String(bytes, offset + 2, reader.readUnsignedShort(offset),
                        StandardCharsets.ISO_8859_1);
                Matcher m = IN_DESCRIPTOR.matcher(text);
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        return used;
    }

    /** Packages and, for each edge, one class reference that makes it. */
    private static final class Graph {

        private final Map<String, Map<String, String>> edges = new TreeMap<>();

        void add(String fromClass, String toClass) {
            String from = packageOf(fromClass);
            String to = packageOf(toClass);
            edges.computeIfAbsent(from, k -> new TreeMap<>());
            edges.computeIfAbsent(to, k -> new TreeMap<>());
            if (!from.equals(to)) {
                edges.get(from).putIfAbsent(to, fromClass + " uses " + toClass);
            }
        }

        private static String packageOf(String className) {
            return className.substring(0, className.lastIndexOf('.'));
        }

        /** Tarjan's algorithm, iterative so a deep graph cannot overflow the stack. */
        List<Set<String>> stronglyConnectedComponents() {
            Map<String, Integer> index = new HashMap<>();
            Map<String, Integer> low = new HashMap<>();
            Deque<String> stack = new ArrayDeque<>();
            Set<String> onStack = new TreeSet<>();
            List<Set<String>> components = new ArrayList<>();
            int[] counter = {0};
            for (String start : edges.keySet()) {
                if (index.containsKey(start)) {
                    continue;
                }
                Deque<Map.Entry<String, Iterator<String>>> work = new ArrayDeque<>();
                visit(start, index, low, stack, onStack, counter, work);
                while (!work.isEmpty()) {
                    var top = work.peek();
                    String node = top.getKey();
                    if (top.getValue().hasNext()) {
                        String next = top.getValue().next();
                        if (!index.containsKey(next)) {
                            visit(next, index, low, stack, onStack, counter, work);
                        } else if (onStack.contains(next)) {
                            low.put(node, Math.min(low.get(node), index.get(next)));
                        }
                        continue;
                    }
                    work.pop();
                    if (!work.isEmpty()) {
                        String parent = work.peek().getKey();
                        low.put(parent, Math.min(low.get(parent), low.get(node)));
                    }
                    if (low.get(node).equals(index.get(node))) {
                        Set<String> component = new TreeSet<>();
                        String member;
                        do {
                            member = stack.pop();
                            onStack.remove(member);
                            component.add(member);
                        } while (!member.equals(node));
                        components.add(component);
                    }
                }
            }
            return components;
        }

        private void visit(String node, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                Set<String> onStack, int[] counter, Deque<Map.Entry<String, Iterator<String>>> work) {
            index.put(node, counter[0]);
            low.put(node, counter[0]);
            counter[0]++;
            stack.push(node);
            onStack.add(node);
            work.push(Map.entry(node, edges.get(node).keySet().iterator()));
        }

        /**
         * A shortest cycle through the first package of {@code component} (breadth-first, inside the component),
         * then the class reference behind each of its edges, then every package of the component.
         */
        String describeCycleIn(Set<String> component) {
            String start = component.iterator().next();
            Map<String, String> parent = new HashMap<>();
            Deque<String> queue = new ArrayDeque<>(List.of(start));
            String last = null;
            while (!queue.isEmpty() && last == null) {
                String node = queue.poll();
                for (String next : edges.get(node).keySet()) {
                    if (next.equals(start)) {
                        last = node;
                        break;
                    }
                    if (component.contains(next) && !parent.containsKey(next)) {
                        parent.put(next, node);
                        queue.add(next);
                    }
                }
            }
            List<String> path = new ArrayList<>();
            for (String node = last; node != null && !node.equals(start); node = parent.get(node)) {
                path.addFirst(node);
            }
            path.addFirst(start);
            path.add(start);
            StringBuilder text = new StringBuilder(String.join(" -> ", path));
            for (int i = 0; i + 1 < path.size(); i++) {
                text.append("\n    ").append(edges.get(path.get(i)).get(path.get(i + 1)));
            }
            return text.append("\n  (all packages in this cycle: ").append(component).append(')').toString();
        }
    }
}
