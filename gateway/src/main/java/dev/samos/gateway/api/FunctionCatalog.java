package dev.samos.gateway.api;

import dev.samos.autonomy.AutonomyChecker;
import dev.samos.autonomy.AutonomyPolicy;
import dev.samos.bundle.BundleClassLoader;
import dev.samos.bundle.FunctionBundle;
import dev.samos.function.Pure;
import dev.samos.function.TypedFunction;
import dev.samos.api.FunctionView;
import dev.samos.gateway.problem.BadRequestException;
import dev.samos.portal.Portal;
import dev.samos.value.ValueJson;
import dev.samos.address.ValueAddress;
import dev.samos.function.Validator;
import dev.samos.validator.TimeLimit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The functions the API knows: a function is a {@link Pure} value stored in the portal, found again by its
 * address; sources given to this gateway are remembered for reading back.
 */
@Component
public class FunctionCatalog {

    private final Portal portal;
    private final Map<String, String> sources = new ConcurrentHashMap<>();
    private final Map<String, FunctionView> views = new ConcurrentHashMap<>();
    private final Map<String, Pure> functions = new ConcurrentHashMap<>();

    FunctionCatalog(Portal portal) {
        this.portal = portal;
    }

    /**
     * Registers a function from its bundle: checked against the policy, held to {@code timeLimit} (null: none of its
     * own), stored; answers how the API shows it.
     */
    FunctionView register(FunctionBundle bundle, AutonomyPolicy policy, String source, TimeLimit timeLimit) {
        Pure pure = portal.pure(bundle, policy);
        if (timeLimit != null) {
            pure = timeLimit.on(pure); // a validator: the function's address changes, no call's does
        }
        String address = portal.putValue(pure).toString();
        if (source != null) {
            sources.put(address, source);
        }
        List<String> warnings = policy.isStrict() ? List.of()
                : AutonomyChecker.violations(bundle, policy).stream().map(Object::toString).toList();
        FunctionView view = view(address, pure, parameters(bundle), policy, warnings);
        views.put(address, view);
        return view;
    }

    /** The function stored at {@code address}; kept once read, since a stored value never changes. */
    Pure function(String address) {
        Pure known = functions.get(address);
        if (known != null) {
            return known;
        }
        Object value = portal.getValue(ValueAddress.parse(address));
        if (!(value instanceof Pure pure)) {
            throw new BadRequestException("address", address + " is a value, not a function");
        }
        if (functions.size() < 100_000) {
            functions.put(address, pure);
        }
        return pure;
    }

    FunctionView describe(String address) {
        FunctionView known = views.get(address);
        if (known != null) {
            return known;
        }
        Pure pure = function(address);
        return view(address, pure, null, null, List.of());
    }

    /** A function derived from a registered one (fixed kwargs): stored, with the base's metadata. */
    FunctionView derived(Pure pure, FunctionView base) {
        String address = portal.putValue(pure).toString();
        FunctionView view = new FunctionView(address, pure.name(), pure.bundle(), ValueJson.toJson(pure.fixed()),
                base.parameters(), describe(pure.preValidators()), describe(pure.postValidators()),
                base.autonomy(), base.autonomyWarnings(), base.source());
        views.put(address, view);
        return view;
    }

    private FunctionView view(String address, Pure pure, List<FunctionView.Parameter> parameters,
            AutonomyPolicy policy, List<String> warnings) {
        String autonomy = policy == null ? null : policy.impureReason().orElse("strict");
        return new FunctionView(address, pure.name(), pure.bundle(), ValueJson.toJson(pure.fixed()), parameters,
                describe(pure.preValidators()), describe(pure.postValidators()), autonomy, warnings,
                sources.get(address));
    }

    private static List<String> describe(List<Validator> validators) {
        return validators.stream().map(Validator::describe).toList();
    }

    /** The record components of a typed function, read from its class in a throwaway loader; null otherwise. */
    private static List<FunctionView.Parameter> parameters(FunctionBundle bundle) {
        try {
            Class<?> main = new BundleClassLoader(bundle, FunctionCatalog.class.getClassLoader()).mainClass();
            if (!TypedFunction.class.isAssignableFrom(main)) {
                return null;
            }
            return Arrays.stream(TypedFunction.argumentType(main).getRecordComponents())
                    .map(c -> new FunctionView.Parameter(c.getName(), c.getGenericType().getTypeName()))
                    .toList();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
