package dev.samos.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The configuration names a service reads, as environment variable names: its own and its Samos modules'
 * {@code @ConfigurationProperties} records, the keys and {@code ${…}} placeholders of the application properties
 * packaged in its jar, and every property Spring Boot's metadata declares in the jars it ships.
 *
 * <p>Spring maps a variable to a property by relaxed binding: {@code SAMOS_TASKS_TOPIC} is {@code samos.tasks.topic};
 * a dashed name is matched with its dashes dropped ({@code SAMOS_PORTAL_S3_ACCESSKEY}) or as underscores
 * ({@code SAMOS_PORTAL_S3_ACCESS_KEY}); a {@code Map} property takes any name below it.
 */
final class ServiceConfiguration {

    /** Read by the {@code java} launcher itself, not by Spring. */
    private static final Set<String> JVM = Set.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS");

    private static final Pattern CONFIGURATION_PROPERTIES =
            Pattern.compile("@ConfigurationProperties\\((?:(?:prefix|value)\\s*=\\s*)?\"([^\"]+)\"\\)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)");

    private final Set<String> names = new HashSet<>();
    private final Set<String> mapPrefixes = new HashSet<>();

    private ServiceConfiguration() {
    }

    static ServiceConfiguration of(String service) throws IOException {
        ServiceConfiguration configuration = new ServiceConfiguration();
        List<String> modules = switch (service) {
            case "gateway", "executor-service" -> List.of(service, "cluster", "common");
            case "portal-service" -> List.of(service, "common");
            default -> throw new IllegalArgumentException("not a Samos service: " + service);
        };
        for (String module : modules) {
            configuration.readSources(DeployFiles.file(module + "/src/main/java"));
        }
        configuration.readJar(DeployFiles.jar(service));
        return configuration;
    }

    boolean reads(String variable) {
        if (JVM.contains(variable) || names.contains(variable)) {
            return true;
        }
        return mapPrefixes.stream().anyMatch(prefix -> variable.startsWith(prefix + "_"));
    }

    private void property(String name) {
        String upper = name.replaceAll("\\[\\d+]", "").toUpperCase(Locale.ROOT);
        names.add(upper.replace(".", "_").replace("-", ""));
        names.add(upper.replace(".", "_").replace("-", "_"));
    }

    /** {@code @ConfigurationProperties} records: prefix + each component, nested records of the file recursively. */
    private void readSources(Path sources) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path file : files) {
            String source = Files.readString(file);
            Matcher annotation = CONFIGURATION_PROPERTIES.matcher(source);
            while (annotation.find()) {
                Matcher record = Pattern.compile("record\\s+(\\w+)\\s*\\(").matcher(source);
                if (record.find(annotation.end())) {
                    components(source, record.group(1), annotation.group(1));
                }
            }
        }
    }

    private void components(String source, String record, String prefix) {
        Matcher header = Pattern.compile("record\\s+" + record + "\\s*\\(").matcher(source);
        if (!header.find()) {
            return;
        }
        for (String component : splitTopLevel(source, header.end())) {
            String[] words = component.replaceAll("@\\w+(\\([^)]*\\))?", " ").trim().split("\\s+");
            String name = words[words.length - 1];
            String type = words[words.length - 2].replaceAll("<.*", "");
            String property = prefix + "." + name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
            property(property);
            if (type.startsWith("Map")) {
                mapPrefixes.add(property.toUpperCase(Locale.ROOT).replace(".", "_").replace("-", "_"));
            }
            if (!type.equals(record)) {
                components(source, type, property);
            }
        }
    }

    /** The comma-separated components from {@code start} to the closing parenthesis, generics kept whole. */
    private static List<String> splitTopLevel(String source, int start) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = start;
        for (int i = start; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '(' || c == '<') {
                depth++;
            } else if ((c == ')' || c == '>') && depth > 0) {
                depth--;
            } else if (c == ')' || (c == ',' && depth == 0)) {
                parts.add(source.substring(from, i));
                from = i + 1;
                if (c == ')') {
                    break;
                }
            }
        }
        return parts.stream().filter(p -> !p.isBlank()).toList();
    }

    private void readJar(Path jar) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                String name = entry.getName();
                if (name.matches("BOOT-INF/classes/application[^/]*\\.properties")) {
                    applicationProperties(in);
                } else if (name.startsWith("BOOT-INF/lib/spring-boot") && name.endsWith(".jar")) {
                    metadata(new JarInputStream(in));
                }
            }
        }
    }

    private void applicationProperties(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        for (Map.Entry<Object, Object> entry : properties.entrySet()) {
            property((String) entry.getKey());
            Matcher placeholder = PLACEHOLDER.matcher((String) entry.getValue());
            while (placeholder.find()) {
                String referenced = placeholder.group(1);
                if (referenced.equals(referenced.toUpperCase(Locale.ROOT))) {
                    names.add(referenced); // an environment variable by its own name, e.g. ${SAMOS_PORT:8081}
                } else {
                    property(referenced);
                }
            }
        }
    }

    /** Spring Boot's configuration metadata in one nested jar (not closed: it reads the outer stream). */
    private void metadata(JarInputStream nested) throws IOException {
        for (JarEntry entry; (entry = nested.getNextJarEntry()) != null; ) {
            if (entry.getName().matches("META-INF/(additional-)?spring-configuration-metadata\\.json")) {
                JsonNode metadata = DeployFiles.JSON.readTree(nested.readAllBytes());
                for (JsonNode property : metadata.path("properties")) {
                    String name = property.get("name").asString();
                    property(name);
                    if (property.path("type").asString("").startsWith("java.util.Map")) {
                        mapPrefixes.add(name.toUpperCase(Locale.ROOT).replace(".", "_").replace("-", ""));
                    }
                }
            }
        }
    }
}
