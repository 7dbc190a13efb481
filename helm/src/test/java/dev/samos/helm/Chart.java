package dev.samos.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** The chart under test ({@code samos/} in this module), rendered by helm's own library as release "samos". */
record Chart(Path folder) {

    static final String RELEASE = "samos";
    static final String NAMESPACE = "compute";
    // helm's library assumes Kubernetes 1.20 unless told; the chart needs 1.23 (autoscaling/v2).
    static final String KUBERNETES = "1.31.0";

    static Chart samos() {
        return new Chart(Path.of("samos"));
    }

    /** {@code helm template} with the chart's values, then the files given in order, then {@code --set}s. */
    String template(Map<String, String> sets, Path... valuesFiles) {
        TemplateCommand template = new Helm(folder).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBERNETES);
        for (Path file : valuesFiles) {
            template = template.withValuesFile(file);
        }
        for (Map.Entry<String, String> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return template.call();
    }

    /** What {@code helm install --dry-run} prints without a cluster: the manifests and the rendered NOTES.txt. */
    String installDryRun(Path... valuesFiles) {
        InstallCommand install = new Helm(folder).install().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBERNETES).clientOnly().dryRun();
        for (Path file : valuesFiles) {
            install = install.withValuesFile(file);
        }
        return install.call().getOutput();
    }

    Manifests render(Path... valuesFiles) {
        return Manifests.parse(template(Map.of(), valuesFiles));
    }

    Manifests render(Map<String, String> sets, Path... valuesFiles) {
        return Manifests.parse(template(sets, valuesFiles));
    }

    /** A copy of this chart in {@code folder}, to change without touching the chart itself. */
    Chart copyTo(Path folder) throws IOException {
        Path target = folder.resolve(this.folder.getFileName().toString());
        try (Stream<Path> files = Files.walk(this.folder)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(this.folder.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        return new Chart(target);
    }

    /**
     * A copy of this chart in {@code folder} whose own values are its values with {@code valuesFile} merged over them
     * (maps key by key, anything else replaced), as helm merges a values file: so that {@code helm lint}, which takes
     * no values file through helm's library, checks the chart as that value set makes it.
     */
    Chart withValues(Path valuesFile, Path folder) throws IOException {
        Chart copy = copyTo(folder);
        Yaml yaml = new Yaml();
        Map<String, Object> merged = yaml.load(Files.readString(this.folder.resolve("values.yaml")));
        Map<String, Object> over = yaml.load(Files.readString(valuesFile));
        merge(merged, over);
        DumperOptions block = new DumperOptions();
        block.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(copy.folder().resolve("values.yaml"), new Yaml(block).dump(merged));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> over) {
        if (over == null) {
            return;
        }
        over.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && into.get(key) instanceof Map<?, ?> existing) {
                merge((Map<String, Object>) existing, (Map<String, Object>) map);
            } else {
                into.put(key, value);
            }
        });
    }

    static Path ci(String name) {
        return Path.of("samos", "ci", name + "-values.yaml");
    }

    static String component(String name) {
        return RELEASE + "-" + name;
    }
}
