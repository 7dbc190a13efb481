package dev.samos.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The repository's deployment files and the services' packaged jars, as the tests of this module read them. */
final class DeployFiles {

    /** The services that get an image, a compose service and a Maven module of the same name. */
    static final List<String> SERVICES = List.of("gateway", "portal-service", "executor-service");

    static final JsonMapper JSON = JsonMapper.builder().build();

    private DeployFiles() {
    }

    static Path root() {
        return Path.of(System.getProperty("deploy.root", "..")).toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    /** A service's Spring Boot jar, which {@code package} made in its module; fails naming the command if absent. */
    static Path jar(String service) {
        Path jar = file(service + "/target/samos-" + service + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw -B -pl deploy -am verify (it packages the"
                    + " services first)");
        }
        return jar;
    }

    /** YAML as docker compose and Prometheus read it: anchors and merge keys ({@code <<}) resolved. */
    static JsonNode yaml(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object tree = new Yaml(options).load(Files.readString(file));
        return JSON.valueToTree(tree);
    }

    static Path target() {
        return Path.of(System.getProperty("deploy.target", "target")).toAbsolutePath();
    }
}
