package dev.samos.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.Map;

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

    static Path ci(String name) {
        return Path.of("samos", "ci", name + "-values.yaml");
    }

    static String component(String name) {
        return RELEASE + "-" + name;
    }
}
