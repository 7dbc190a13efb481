package dev.samos.helm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The manifests a {@code helm template} printed, parsed strictly into the fabric8 Kubernetes model: every kind the
 * chart renders maps to its model class, and a field the model does not know fails (fabric8's classes keep unknown
 * fields in {@code additionalProperties} instead of refusing them, so every parsed object is walked for any).
 * Custom resources (KEDA's ScaledObject, the Prometheus Operator's kinds) have no model class: they stay generic.
 */
record Manifests(List<HasMetadata> resources) {

    private static final Map<String, Class<? extends HasMetadata>> MODELS = Map.of(
            "apps/v1/Deployment", Deployment.class,
            "v1/Service", Service.class,
            "v1/ConfigMap", ConfigMap.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    private static final Set<String> CUSTOM = Set.of("keda.sh/v1alpha1/ScaledObject",
            "monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    static Manifests parse(String yaml) {
        List<HasMetadata> parsed = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            for (JsonNode document : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue; // an empty document between two "---"
                }
                parsed.add(resource((ObjectNode) document));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Manifests(List.copyOf(parsed));
    }

    private static HasMetadata resource(ObjectNode document) throws IOException {
        String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
        Class<? extends HasMetadata> model = MODELS.get(type);
        if (model != null) {
            HasMetadata resource = STRICT.treeToValue(document, model);
            String unknown = unknownFields(resource, type + " " + resource.getMetadata().getName(), new IdentityHashMap<>());
            if (unknown != null) {
                throw new IllegalArgumentException("unknown field in the rendered manifests: " + unknown);
            }
            return resource;
        }
        if (CUSTOM.contains(type)) {
            return STRICT.treeToValue(document, GenericKubernetesResource.class);
        }
        throw new IllegalArgumentException("the chart rendered a kind the tests do not know: " + type);
    }

    /** The path of the first field the model kept aside as unknown, or null. */
    private static String unknownFields(Object object, String path, Map<Object, Boolean> seen) {
        if (object == null || seen.put(object, Boolean.TRUE) != null) {
            return null;
        }
        if (object instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                String found = unknownFields(item, path + "[" + i++ + "]", seen);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (object instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String found = unknownFields(entry.getValue(), path + "." + entry.getKey(), seen);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (!object.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return null;
        }
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(object);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(getter.toString(), e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    return path + "." + extra.keySet();
                }
                continue;
            }
            String found = unknownFields(value, path + "." + getter.getName().substring(3), seen);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name
                + " in " + names()));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    List<String> names() {
        return resources.stream().map(r -> r.getKind() + "/" + r.getMetadata().getName()).toList();
    }
}
