package dev.samos.helm.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration properties one service reads, found where they are declared: its modules'
 * application*.properties (keys and ${placeholders}), their {@code @ConfigurationProperties} records and
 * {@code @Value} placeholders, and Spring Boot's configuration metadata of the Boot modules it runs. So a deployment
 * (the Helm chart, docker-compose.yml) can be checked to set nothing a service would ignore in silence: a typo, or a
 * property of another service. The helm module's test-jar carries it for deploy's tests too.
 *
 * <p>An environment variable is matched as Spring's relaxed binding maps it: {@code SAMOS_TASKS_TOPIC} is
 * {@code samos.tasks.topic}; a dashed name with its dashes dropped ({@code SAMOS_PORTAL_S3_ACCESSKEY}) or as
 * underscores ({@code SAMOS_PORTAL_S3_ACCESS_KEY}); a {@code Map} property takes any name below it; a placeholder in
 * capitals ({@code ${SAMOS_PORT:8081}}) is a variable by its own name.
 *
 * @param names canonical property names (samos.portal.s3.access-key) and placeholder names (SAMOS_GATEWAY_TOKENS)
 * @param mapPrefixes properties of a Map type, under which any key is read (spring.kafka.properties)
 */
public record PropertiesRead(Set<String> names, Set<String> mapPrefixes) {

    /** Read by the {@code java} launcher itself, not by Spring. */
    private static final Set<String> JVM = Set.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS");

    private static final Pattern CONFIGURATION =
            Pattern.compile("@ConfigurationProperties\\((?:(?:prefix|value)\\s*=\\s*)?\"([^\"]+)\"\\)");
    private static final Pattern RECORD = Pattern.compile("record\\s+(\\w+)\\s*\\(");
    private static final Pattern ANNOTATION = Pattern.compile("@[\\w.]+(\\([^)]*\\))?");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-\\[\\]]+)");
    private static final Pattern METADATA =
            Pattern.compile("META-INF/(additional-)?spring-configuration-metadata\\.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @param modules the Maven modules whose sources the service runs
     * @param bootModules its Spring Boot jars (spring-boot, spring-boot-kafka…), read from this class path
     */
    public static PropertiesRead of(List<Path> modules, List<String> bootModules) {
        Builder read = new Builder(modules);
        Pattern jar = Pattern.compile("/(" + String.join("|", bootModules) + ")-\\d[^/]*\\.jar!");
        try {
            for (String resource : List.of("META-INF/spring-configuration-metadata.json",
                    "META-INF/additional-spring-configuration-metadata.json")) {
                for (URL url : Collections.list(PropertiesRead.class.getClassLoader().getResources(resource))) {
                    if (jar.matcher(url.toString()).find()) {
                        try (InputStream in = url.openStream()) {
                            read.metadata(in);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read.build();
    }

    /**
     * @param modules the Maven modules whose sources the service runs
     * @param bootJar the service's packaged Spring Boot jar: the metadata of every Spring Boot jar in it is read, so
     *                exactly the Boot modules the service ships count
     */
    public static PropertiesRead ofPackaged(List<Path> modules, Path bootJar) {
        Builder read = new Builder(modules);
        try (JarInputStream in = new JarInputStream(Files.newInputStream(bootJar))) {
            for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                String name = entry.getName();
                if (name.startsWith("BOOT-INF/lib/spring-boot") && name.endsWith(".jar")) {
                    JarInputStream nested = new JarInputStream(in); // not closed: it reads the outer stream
                    for (JarEntry inner; (inner = nested.getNextJarEntry()) != null; ) {
                        if (METADATA.matcher(inner.getName()).matches()) {
                            read.metadata(nested);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read.build();
    }

    /** Whether the service reads this property, as written in a properties file (canonical form). */
    public boolean reads(String property) {
        return names.contains(property) || mapPrefixes.stream().anyMatch(p -> property.startsWith(p + "."));
    }

    /** Whether the service (or the JVM it runs in) reads this environment variable, by Spring's relaxed binding. */
    public boolean readsEnvironment(String variable) {
        if (JVM.contains(variable)) {
            return true;
        }
        return names.stream().anyMatch(name -> environmentNames(name).contains(variable))
                || mapPrefixes.stream().flatMap(prefix -> environmentNames(prefix).stream())
                        .anyMatch(prefix -> variable.startsWith(prefix + "_"));
    }

    /** The variables Spring binds to a property; a name in capitals is a variable already. */
    private static Set<String> environmentNames(String name) {
        if (name.equals(name.toUpperCase(Locale.ROOT))) {
            return Set.of(name);
        }
        String upper = name.replaceAll("\\[\\d+]", "").toUpperCase(Locale.ROOT).replace(".", "_");
        return Set.copyOf(List.of(upper.replace("-", ""), upper.replace("-", "_")));
    }

    /** Collects names from the sources, then from metadata. */
    private static final class Builder {

        private final Set<String> names = new TreeSet<>();
        private final Set<String> maps = new TreeSet<>();

        Builder(List<Path> modules) {
            for (Path module : modules) {
                for (Path file : files(module.resolve("src/main/resources"), ".properties")) {
                    applicationProperties(read(file));
                }
                for (Path file : files(module.resolve("src/main/java"), ".java")) {
                    String source = read(file);
                    placeholders(source);
                    records(source);
                }
            }
        }

        PropertiesRead build() {
            return new PropertiesRead(Collections.unmodifiableSet(names), Collections.unmodifiableSet(maps));
        }

        private void applicationProperties(String text) {
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Map.Entry<Object, Object> entry : properties.entrySet()) {
                names.add((String) entry.getKey());
                placeholders((String) entry.getValue());
            }
        }

        private void placeholders(String text) {
            Matcher placeholder = PLACEHOLDER.matcher(text);
            while (placeholder.find()) {
                names.add(placeholder.group(1));
            }
        }

        /** Every component of every {@code @ConfigurationProperties} record, nested records of the file followed. */
        private void records(String source) {
            Map<String, String> components = new HashMap<>();
            Matcher record = RECORD.matcher(source);
            while (record.find()) {
                components.put(record.group(1), parenthesised(source, record.end() - 1));
            }
            Matcher configuration = CONFIGURATION.matcher(source);
            while (configuration.find()) {
                Matcher annotated = RECORD.matcher(source);
                if (annotated.find(configuration.end())) {
                    component(configuration.group(1), components.get(annotated.group(1)), components);
                }
            }
        }

        private void component(String prefix, String parameters, Map<String, String> records) {
            for (String parameter : split(ANNOTATION.matcher(parameters).replaceAll(" "))) {
                String[] words = parameter.strip().split("\\s+");
                String name = prefix + "." + kebab(words[words.length - 1]);
                String type = String.join(" ", List.of(words).subList(0, words.length - 1));
                names.add(name);
                if (type.startsWith("Map<")) {
                    maps.add(name);
                } else if (records.containsKey(type)) {
                    component(name, records.get(type), records);
                }
            }
        }

        /** The {@code properties} of one Spring Boot configuration metadata file. */
        void metadata(InputStream in) throws IOException {
            for (JsonNode property : JSON.readTree(in.readAllBytes()).path("properties")) {
                String name = property.path("name").asString();
                names.add(name);
                if (property.path("type").asString("").startsWith("java.util.Map")) {
                    maps.add(name);
                }
            }
        }
    }

    private static String parenthesised(String source, int open) {
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return source.substring(open + 1, i);
            }
        }
        throw new IllegalArgumentException("unbalanced record header at " + open);
    }

    /** Record components separated by top-level commas (not those inside generics). */
    private static List<String> split(String parameters) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < parameters.length(); i++) {
            char c = parameters.charAt(i);
            depth += c == '<' ? 1 : c == '>' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(parameters.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(parameters.substring(start));
        return parts.stream().filter(p -> !p.isBlank()).toList();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static List<Path> files(Path folder, String suffix) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
