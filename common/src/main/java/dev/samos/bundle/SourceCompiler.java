package dev.samos.bundle;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;

/**
 * Compiles the Java source of a function in memory into a {@link FunctionBundle}: the path of functions sent through
 * the REST API. The source holds one public top-level class (the function) and nothing else at top level; helpers
 * go inside it as nested classes, so they belong to its nest and so to its bundle.
 */
public final class SourceCompiler {

    /** Larger sources are rejected before compiling: a function is small, the compiler's memory is not free. */
    public static final int MAX_SOURCE_BYTES = 1024 * 1024;

    private static final List<String> OPTIONS = List.of("--release", "25", "-proc:none", "-Xlint:none", "-implicit:none");

    private SourceCompiler() {
    }

    /** Compiles against the running JVM's class path, so the {@code dev.samos.*} API is visible. */
    public static FunctionBundle compile(String javaSource) {
        String classPath = System.getProperty("java.class.path", "");
        List<Path> paths = new java.util.ArrayList<>(Arrays.stream(classPath.split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).toList());
        Path api = apiJar();
        if (api != null && !paths.contains(api)) {
            paths.add(api);
        }
        return compile(javaSource, paths);
    }

    private static volatile Path apiJar;

    /**
     * Where javac finds the Samos function API. On a plain class path it is already there; inside an executable
     * Spring Boot jar the API's jar is nested, which javac cannot read, so it is copied out once to a temporary file.
     */
    private static Path apiJar() {
        Path known = apiJar;
        if (known != null) {
            return known;
        }
        synchronized (SourceCompiler.class) {
            if (apiJar == null) {
                try {
                    java.net.URL location = dev.samos.function.PureFunction.class.getProtectionDomain().getCodeSource()
                            .getLocation();
                    if ("file".equals(location.getProtocol())) {
                        apiJar = Path.of(location.toURI());
                    } else {
                        String url = location.toString();
                        if (url.startsWith("jar:") && url.endsWith("!/")) {
                            url = url.substring(4, url.length() - 2); // the nested jar itself, not its root entry
                        }
                        Path copy = java.nio.file.Files.createTempFile("samos-function-api", ".jar");
                        copy.toFile().deleteOnExit();
                        try (java.io.InputStream in = java.net.URI.create(url).toURL().openStream()) {
                            java.nio.file.Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                        apiJar = copy;
                    }
                } catch (Exception e) {
                    throw new CompilationException("cannot locate the Samos function API for the compiler: " + e);
                }
            }
            return apiJar;
        }
    }

    /**
     * Compiles against {@code classPath}.
     *
     * @throws CompilationException listing each error as {@code Line L, column C: message}
     */
    public static FunctionBundle compile(String javaSource, List<Path> classPath) {
        if (javaSource == null || javaSource.isBlank()) {
            throw new CompilationException("the source is empty");
        }
        int size = javaSource.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_SOURCE_BYTES) {
            throw new CompilationException("the source is " + size + " bytes; at most " + MAX_SOURCE_BYTES
                    + " bytes are accepted");
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new BundleException("this Java runtime has no compiler (module jdk.compiler): run on a JDK");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> output = new TreeMap<>();
        try (StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ENGLISH,
                StandardCharsets.UTF_8)) {
            standard.setLocationFromPaths(javax.tools.StandardLocation.CLASS_PATH, classPath);
            JavaFileManager files = new InMemoryOutput(standard, output);
            boolean ok = compiler.getTask(null, files, diagnostics, OPTIONS, null, List.of(new SourceFile(javaSource)))
                    .call();
            List<SourceError> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(SourceCompiler::error).toList();
            if (!ok || !errors.isEmpty()) {
                throw new CompilationException(errors.isEmpty()
                        ? List.of(new SourceError(0, 0, "the compiler failed without a message")) : errors);
            }
        } catch (IOException e) {
            throw new BundleException("cannot set up the compiler: " + e.getMessage(), e);
        }
        Map<String, byte[]> classFiles = new TreeMap<>();
        output.forEach((name, bytes) -> classFiles.put(name, bytes.toByteArray()));
        return FunctionBundle.fromClassFiles(mainClass(classFiles), classFiles);
    }

    /** The one public top-level class; other top-level classes would fall outside the function's nest. */
    private static String mainClass(Map<String, byte[]> classFiles) {
        List<String> topLevel = new ArrayList<>();
        List<String> publicTopLevel = new ArrayList<>();
        classFiles.forEach((name, bytes) -> {
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, ClassReader.SKIP_CODE);
            if (node.nestHostClass == null) {
                topLevel.add(name);
                if ((node.access & Opcodes.ACC_PUBLIC) != 0) {
                    publicTopLevel.add(name);
                }
            }
        });
        if (publicTopLevel.size() != 1) {
            throw new CompilationException("the source must declare exactly one public top-level class (the "
                    + "function), found " + (publicTopLevel.isEmpty() ? "none" : publicTopLevel));
        }
        if (topLevel.size() > 1) {
            topLevel.removeAll(publicTopLevel);
            throw new CompilationException("top-level classes " + topLevel + " are not part of the function's "
                    + "bundle: declare them inside " + publicTopLevel.getFirst() + " as nested classes");
        }
        return publicTopLevel.getFirst();
    }

    private static SourceError error(Diagnostic<? extends JavaFileObject> d) {
        String message = d.getMessage(Locale.ENGLISH).lines().map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.joining(" "));
        long line = Math.max(0, d.getLineNumber());
        long column = Math.max(0, d.getColumnNumber());
        return new SourceError(line, column, message);
    }

    private static final class SourceFile extends SimpleJavaFileObject {

        private final String source;

        SourceFile(String source) {
            super(URI.create("string:///Function.java"), Kind.SOURCE);
            this.source = source;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
        }

        /** The public class's name is not known before compiling; the one-public-class rule is checked after. */
        @Override
        public boolean isNameCompatible(String simpleName, Kind kind) {
            return kind == Kind.SOURCE;
        }

        @Override
        public NestingKind getNestingKind() {
            return null;
        }

        @Override
        public Modifier getAccessLevel() {
            return null;
        }
    }

    private static final class ClassOutput extends SimpleJavaFileObject {

        private final ByteArrayOutputStream bytes;

        ClassOutput(String className, ByteArrayOutputStream bytes) {
            super(URI.create("mem:///" + className.replace('.', '/') + ".class"), Kind.CLASS);
            this.bytes = bytes;
        }

        @Override
        public OutputStream openOutputStream() {
            return bytes;
        }
    }

    private static final class InMemoryOutput extends ForwardingJavaFileManager<StandardJavaFileManager> {

        private final Map<String, ByteArrayOutputStream> output;

        InMemoryOutput(StandardJavaFileManager delegate, Map<String, ByteArrayOutputStream> output) {
            super(delegate);
            this.output = output;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                FileObject sibling) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            output.put(className, bytes);
            return new ClassOutput(className, bytes);
        }
    }
}
