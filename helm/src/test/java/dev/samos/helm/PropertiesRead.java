package dev.samos.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration properties one service reads, found where they are declared: its modules' application*.properties
 * (keys and ${placeholders}), their {@code @ConfigurationProperties} records and {@code @Value} placeholders, and
 * Spring Boot's configuration metadata of the Boot modules it runs. So the chart can be checked to set nothing a
 * service would ignore.
 *
 * @param names canonical property names (samos.portal.s3.access-key) and placeholder names (SAMOS_GATEWAY_TOKENS)
 * @param mapPrefixes properties of a Map type, under which any key is read (spring.kafka.properties)
 */
record PropertiesRead(Set<String> names, Set<String> mapPrefixes) {

    private static final Pattern CONFIGURATION = Pattern.compile(
            "@ConfigurationProperties\\(\"([^\"]+)\"\\)\\s*(?:public\\s+)?record\\s+(\\w+)\\s*\\(");
    private static final Pattern RECORD = Pattern.compile("record\\s+(\\w+)\\s*\\(");
    private static final Pattern ANNOTATION = Pattern.compile("@[\\w.]+(\\([^)]*\\))?");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-\\[\\]]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param modules the Maven modules whose sources the service runs; @param bootModules its Spring Boot jars */
    static PropertiesRead of(List<Path> modules, List<String> bootModules) {
        Set<String> names = new TreeSet<>();
        Set<String> maps = new TreeSet<>();
        for (Path module : modules) {
            for (Path file : files(module.resolve("src/main/resources"), ".properties")) {
                for (String line : read(file).split("\n")) {
                    String trimmed = line.strip();
                    if (!trimmed.isEmpty() && !trimmed.startsWith("#") && trimmed.contains("=")) {
                        names.add(trimmed.substring(0, trimmed.indexOf('=')).strip());
                    }
                    placeholders(trimmed, names);
                }
            }
            for (Path file : files(module.resolve("src/main/java"), ".java")) {
                String source = read(file);
                placeholders(source, names);
                records(source, names, maps);
            }
        }
        metadata(bootModules, names, maps);
        return new PropertiesRead(Collections.unmodifiableSet(names), Collections.unmodifiableSet(maps));
    }

    /** Whether the service reads this property, as written in a properties file (canonical form). */
    boolean reads(String property) {
        return names.contains(property) || mapPrefixes.stream().anyMatch(p -> property.startsWith(p + "."));
    }

    /** Whether the service reads this environment variable, by Spring's relaxed binding (or as a placeholder). */
    boolean readsEnvironment(String variable) {
        String relaxed = relaxed(variable);
        return names.stream().anyMatch(n -> relaxed(n).equals(relaxed))
                || mapPrefixes.stream().anyMatch(p -> relaxed.startsWith(relaxed(p)) && !relaxed.equals(relaxed(p)));
    }

    private static String relaxed(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static void placeholders(String text, Set<String> names) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            names.add(placeholder.group(1));
        }
    }

    /** Every component of every {@code @ConfigurationProperties} record, nested records of the same file followed. */
    private static void records(String source, Set<String> names, Set<String> maps) {
        Map<String, String> components = new HashMap<>();
        Matcher record = RECORD.matcher(source);
        while (record.find()) {
            components.put(record.group(1), parenthesised(source, record.end() - 1));
        }
        Matcher configuration = CONFIGURATION.matcher(source);
        while (configuration.find()) {
            component(configuration.group(1), components.get(configuration.group(2)), components, names, maps);
        }
    }

    private static void component(String prefix, String parameters, Map<String, String> records, Set<String> names,
            Set<String> maps) {
        for (String parameter : split(ANNOTATION.matcher(parameters).replaceAll(" "))) {
            String[] words = parameter.strip().split("\\s+");
            String name = prefix + "." + kebab(words[words.length - 1]);
            String type = String.join(" ", List.of(words).subList(0, words.length - 1));
            names.add(name);
            if (type.startsWith("Map<")) {
                maps.add(name);
            } else if (records.containsKey(type)) {
                component(name, records.get(type), records, names, maps);
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

    private static void metadata(List<String> bootModules, Set<String> names, Set<String> maps) {
        Pattern jar = Pattern.compile("/(" + String.join("|", bootModules) + ")-\\d[^/]*\\.jar!");
        try {
            for (String resource : List.of("META-INF/spring-configuration-metadata.json",
                    "META-INF/additional-spring-configuration-metadata.json")) {
                for (URL url : Collections.list(PropertiesRead.class.getClassLoader().getResources(resource))) {
                    if (!jar.matcher(url.toString()).find()) {
                        continue;
                    }
                    try (InputStream in = url.openStream()) {
                        for (JsonNode property : JSON.readTree(in).path("properties")) {
                            names.add(property.path("name").asText());
                            if (property.path("type").asText().startsWith("java.util.Map")) {
                                maps.add(property.path("name").asText());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
