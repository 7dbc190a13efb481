package dev.samos.validator;

import dev.samos.function.NotSatisfied;
import dev.samos.function.Outcome;
import dev.samos.function.Satisfied;
import dev.samos.function.ValidationContext;
import dev.samos.function.Validator;
import java.util.List;
import java.util.Objects;

/**
 * Every named class can be loaded on the worker: the JVM's {@code installed_packages}. Names are binary class names
 * ({@code org.apache.commons.math3.util.FastMath}, {@code a.Outer$Inner}), not packages: a JVM cannot tell whether a
 * package is present without a class of it, so name one class per library the function needs.
 */
public record InstalledClasses(List<String> classNames) implements Validator {

    public InstalledClasses {
        classNames = List.copyOf(Objects.requireNonNull(classNames, "classNames"));
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("installedClasses: name at least one class");
        }
        for (String name : classNames) {
            if (name.isBlank() || name.startsWith(".") || name.endsWith(".") || name.contains("/")) {
                throw new IllegalArgumentException("installedClasses: '" + name + "' is not a binary class name");
            }
        }
    }

    @Override
    public Outcome check(ValidationContext context) {
        List<String> missing = classNames.stream().filter(name -> !context.resources().hasClass(name)).toList();
        if (missing.isEmpty()) {
            return new Satisfied(describe() + ": ok, all present");
        }
        return new NotSatisfied(describe() + ": missing " + String.join(", ", missing));
    }

    @Override
    public String describe() {
        return "installedClasses(" + String.join(", ", classNames) + ")";
    }
}
