package dev.samos.bundle;

import dev.samos.address.ValueAddress;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/**
 * The normalized bytecode of a function's class and of every member of its nest (nested, inner, anonymous and local
 * classes; lambdas are methods of the class itself), keyed by binary class name. Its {@link #address()} is the
 * function's identity: equal behaviour gives equal bytes on every machine and compiler run.
 *
 * <p>The bundle is always exactly one nest: the nest host and the members its {@code NestMembers} attribute lists,
 * so what is shipped is what the JVM will let the function's classes see privately. A function nested in another
 * class is made the host of the classes it encloses, and bundled without its old host and siblings.
 */
public final class FunctionBundle {

    /** The {@code format} entry of {@link #toValue()}; a later layout gets a new number. */
    public static final int VALUE_FORMAT = 1;

    /** Bundles arrive from the network; a function is small, so anything larger is a mistake or an attack. */
    public static final int MAX_TOTAL_BYTES = 16 * 1024 * 1024;

    private final String mainClass;
    private final SortedMap<String, byte[]> classes;
    private volatile ValueAddress address;

    private FunctionBundle(String mainClass, SortedMap<String, byte[]> classes) {
        this.mainClass = mainClass;
        this.classes = classes;
    }

    /**
     * The bundle of a class loaded from class files (the SDK's classpath, a jar, a {@link BundleClassLoader}).
     *
     * @throws BundleException if the bytecode of the class or of a nest member cannot be read, e.g. for a hidden
     *         class, a lambda object's class or a class defined at run time without a class file
     */
    public static FunctionBundle of(Class<?> functionClass) {
        Objects.requireNonNull(functionClass, "functionClass");
        if (functionClass.isPrimitive() || functionClass.isArray()) {
            throw new BundleException(functionClass.getTypeName() + " is not a class with bytecode of its own");
        }
        if (functionClass.isHidden()) {
            throw new BundleException(functionClass.getName() + " is a hidden class (a lambda or a class defined at "
                    + "run time): it has no class file to bundle; write the function as a named class");
        }
        String main = functionClass.getName();
        Map<String, byte[]> raw = new LinkedHashMap<>();
        byte[] mainBytes = readClassFile(functionClass, main);
        ClassNode mainNode = BytecodeNormalizer.read(mainBytes, ClassReader.SKIP_CODE);
        String host = mainNode.nestHostClass == null ? main : binaryName(mainNode.nestHostClass);
        if (host.equals(main)) {
            raw.put(main, mainBytes);
            if (mainNode.nestMembers != null) {
                for (String member : mainNode.nestMembers) {
                    raw.computeIfAbsent(binaryName(member), name -> readClassFile(functionClass, name));
                }
            }
            return fromClassFiles(main, raw);
        }
        // A function nested in another class (Examples.Square) is bundled with the classes nested in it only, not
        // with its host and siblings: editing a sibling must not change this function's address, and the host
        // (often a test or an application class) is no part of the function. The function becomes the nest host
        // of what it encloses; access to the old host's private members would be an autonomy violation anyway.
        ClassNode hostNode = BytecodeNormalizer.read(readClassFile(functionClass, host), ClassReader.SKIP_CODE);
        List<String> enclosed = new ArrayList<>();
        String prefix = mainNode.name + "$";
        if (hostNode.nestMembers != null) {
            for (String member : hostNode.nestMembers) {
                if (member.startsWith(prefix)) {
                    enclosed.add(member);
                }
            }
        }
        raw.put(main, BytecodeNormalizer.reroot(mainBytes, null, enclosed));
        for (String member : enclosed) {
            raw.put(binaryName(member),
                    BytecodeNormalizer.reroot(readClassFile(functionClass, binaryName(member)), mainNode.name, null));
        }
        return fromClassFiles(main, raw);
    }

    /**
     * A bundle from raw class files (a compiler's output), normalized here.
     *
     * @param mainClass binary name of the function's class
     * @param classFiles binary class name → class file, exactly the nest of {@code mainClass}
     */
    public static FunctionBundle fromClassFiles(String mainClass, Map<String, byte[]> classFiles) {
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(classFiles, "classFiles");
        SortedMap<String, byte[]> normalized = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, byte[]> e : classFiles.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "class name");
            byte[] bytes = Objects.requireNonNull(e.getValue(), () -> "class file of " + name);
            total += bytes.length;
            if (total > MAX_TOTAL_BYTES) {
                throw new BundleException("bundle: more than " + MAX_TOTAL_BYTES + " bytes of class files");
            }
            checkName(name, bytes);
            normalized.put(name, normalize(name, bytes));
        }
        return validated(mainClass, normalized);
    }

    /**
     * Rebuilds a bundle from its {@link #toValue() value form}, e.g. received from another machine. The class files
     * must already be normalized, so a bundle can only ever have the one address its behaviour gives it.
     *
     * @throws BundleException naming what is missing or wrong
     */
    public static FunctionBundle fromValue(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new BundleException("bundle: expected a map with keys format, main, classes, got "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        if (!map.keySet().equals(Set.of("format", "main", "classes"))) {
            throw new BundleException("bundle: expected exactly the keys [classes, format, main], got "
                    + new TreeSet<>(map.keySet().stream().map(String::valueOf).toList()));
        }
        if (!(map.get("format") instanceof Number n) || n.longValue() != VALUE_FORMAT
                || n instanceof Double || n instanceof Float) {
            throw new BundleException("bundle.format: expected the integer " + VALUE_FORMAT + ", got " + map.get("format"));
        }
        if (!(map.get("main") instanceof String main)) {
            throw new BundleException("bundle.main: expected a class name string");
        }
        if (!(map.get("classes") instanceof Map<?, ?> classMap)) {
            throw new BundleException("bundle.classes: expected a map of class name to class file bytes");
        }
        SortedMap<String, byte[]> classes = new TreeMap<>();
        long total = 0;
        for (Map.Entry<?, ?> e : classMap.entrySet()) {
            if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof byte[] bytes)) {
                throw new BundleException("bundle.classes: every entry must be a class name string and bytes, got "
                        + e.getKey());
            }
            total += bytes.length;
            if (total > MAX_TOTAL_BYTES) {
                throw new BundleException("bundle.classes: more than " + MAX_TOTAL_BYTES + " bytes of class files");
            }
            checkName(name, bytes);
            if (!Arrays.equals(bytes, normalize(name, bytes))) {
                throw new BundleException("bundle.classes." + name + ": the class file is not in normalized form "
                        + "(make bundles with FunctionBundle.of or SourceCompiler)");
            }
            classes.put(name, bytes.clone());
        }
        return validated(main, classes);
    }

    /** The value form: {@code {"format": 1, "main": <binary name>, "classes": {<binary name>: <class file>}}}. */
    public Map<String, Object> toValue() {
        return Map.of("format", VALUE_FORMAT, "main", mainClass, "classes", classFiles());
    }

    /** The function's address: the value address of {@link #toValue()}. */
    public ValueAddress address() {
        ValueAddress a = address;
        if (a == null) {
            a = ValueAddress.of(toValue(), "bundle");
            address = a;
        }
        return a;
    }

    /** Binary name of the function's class, e.g. {@code com.example.Hypotenuse}. */
    public String mainClass() {
        return mainClass;
    }

    /** Binary names of all classes in the bundle, sorted. */
    public SortedSet<String> classNames() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(classes.keySet()));
    }

    /** A copy of the normalized class file of {@code className}, or {@code null} if it is not in the bundle. */
    public byte[] classFile(String className) {
        byte[] bytes = classes.get(className);
        return bytes == null ? null : bytes.clone();
    }

    /** Copies of all class files, by binary name (sorted). */
    public Map<String, byte[]> classFiles() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        classes.forEach((name, bytes) -> copy.put(name, bytes.clone()));
        return Collections.unmodifiableMap(copy);
    }

    /** Whether {@code className} (binary name) is one of the bundle's classes. */
    public boolean contains(String className) {
        return classes.containsKey(className);
    }

    /** Total size of the class files in bytes. */
    public int size() {
        return classes.values().stream().mapToInt(b -> b.length).sum();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FunctionBundle other) || !mainClass.equals(other.mainClass)
                || !classes.keySet().equals(other.classes.keySet())) {
            return false;
        }
        return classes.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), other.classes.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return address().hashCode();
    }

    @Override
    public String toString() {
        return "FunctionBundle[" + mainClass + ", " + classes.size() + " classes, " + address() + "]";
    }

    private static FunctionBundle validated(String mainClass, SortedMap<String, byte[]> classes) {
        if (!classes.containsKey(mainClass)) {
            throw new BundleException("bundle: the main class " + mainClass + " is not among its classes "
                    + classes.keySet());
        }
        ClassNode main = BytecodeNormalizer.read(classes.get(mainClass), ClassReader.SKIP_CODE);
        String host = main.nestHostClass == null ? mainClass : binaryName(main.nestHostClass);
        byte[] hostBytes = classes.get(host);
        if (hostBytes == null) {
            throw new BundleException("bundle: the nest host " + host + " of " + mainClass + " is missing");
        }
        ClassNode hostNode = BytecodeNormalizer.read(hostBytes, ClassReader.SKIP_CODE);
        SortedSet<String> nest = new TreeSet<>();
        nest.add(host);
        List<String> members = hostNode.nestMembers == null ? List.of() : hostNode.nestMembers;
        members.forEach(m -> nest.add(binaryName(m)));
        if (!nest.equals(classes.keySet())) {
            SortedSet<String> missing = new TreeSet<>(nest);
            missing.removeAll(classes.keySet());
            SortedSet<String> extra = new TreeSet<>(classes.keySet());
            extra.removeAll(nest);
            throw new BundleException("bundle: the classes must be exactly the nest of " + host
                    + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (extra.isEmpty() ? "" : "; not members of the nest " + extra));
        }
        return new FunctionBundle(mainClass, classes);
    }

    private static void checkName(String name, byte[] bytes) {
        String declared;
        try {
            declared = BytecodeNormalizer.internalName(bytes);
        } catch (RuntimeException e) {
            throw new BundleException("bundle.classes." + name + ": not a readable class file (" + e + ")", e);
        }
        if (!declared.equals(name.replace('.', '/'))) {
            throw new BundleException("bundle.classes." + name + ": the class file declares "
                    + binaryName(declared));
        }
    }

    private static byte[] normalize(String name, byte[] bytes) {
        try {
            return BytecodeNormalizer.normalize(bytes);
        } catch (RuntimeException e) {
            throw new BundleException("bundle.classes." + name + ": cannot read the class file (" + e + ")", e);
        }
    }

    private static byte[] readClassFile(Class<?> anchor, String binaryName) {
        String resource = binaryName.replace('.', '/') + ".class";
        ClassLoader loader = anchor.getClassLoader();
        try (InputStream in = loader != null
                ? loader.getResourceAsStream(resource) : ClassLoader.getSystemResourceAsStream(resource)) {
            if (in == null) {
                throw new BundleException("no class file " + resource + " for " + binaryName + " in the class loader "
                        + (loader == null ? "bootstrap" : loader.getName() == null ? loader.toString() : loader.getName())
                        + ": a class defined at run time cannot be bundled");
            }
            byte[] bytes = in.readNBytes(MAX_TOTAL_BYTES + 1);
            if (bytes.length > MAX_TOTAL_BYTES) {
                throw new BundleException(resource + ": larger than " + MAX_TOTAL_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new BundleException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    static String binaryName(String internalName) {
        return internalName.replace('/', '.');
    }
}
