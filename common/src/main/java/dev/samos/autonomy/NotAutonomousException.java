package dev.samos.autonomy;

import dev.samos.SamosException;
import java.util.List;
import java.util.stream.Collectors;

/** A function's bundle failed the autonomy check; lists every violation found, not just the first. */
public class NotAutonomousException extends SamosException {

    private final List<Violation> violations;

    public NotAutonomousException(String functionClass, AutonomyPolicy policy, List<Violation> violations) {
        super(functionClass + " is not autonomous under the policy '" + policy.describe() + "' ("
                + violations.size() + (violations.size() == 1 ? " violation" : " violations") + "):\n"
                + violations.stream().map(v -> "  " + v).collect(Collectors.joining("\n")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
