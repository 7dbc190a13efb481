package dev.samos.validator;

import dev.samos.function.Pure;
import java.util.List;

/** The validators, by the names Pythagoras gives them. Each is a record, so a value. */
public final class Validators {

    private Validators() {
    }

    /** At least {@code gb} GB (2<sup>30</sup> bytes) of RAM available on the worker. */
    public static UnusedRam unusedRam(double gb) {
        return new UnusedRam(gb);
    }

    /** At least {@code cores} idle CPU cores (cores × (1 − CPU load)) on the worker. */
    public static UnusedCpu unusedCpu(double cores) {
        return new UnusedCpu(cores);
    }

    /** Every class (binary name) loadable on the worker: Pythagoras's {@code installed_packages}. */
    public static InstalledClasses installedClasses(String... classNames) {
        return new InstalledClasses(List.of(classNames));
    }

    /** At least {@code count} GPUs on the worker. */
    public static Gpu gpu(int count) {
        return new Gpu(count);
    }

    /** Evaluates recursion on these integer parameters bottom-up; see {@link RecursiveParameters}. */
    public static RecursiveParameters recursiveParameters(String... names) {
        return new RecursiveParameters(List.of(names));
    }

    /**
     * Each attempt may run at most {@code limit} (capped by the portal's maximum), else it is stopped: TIMED_OUT.
     * Added to a function for one call, it overrides the function's own ({@link TimeLimit}).
     */
    public static TimeLimit timeLimit(java.time.Duration limit) {
        return new TimeLimit(limit.toMillis());
    }

    /** A user's own check, itself a pure function; see {@link UserValidator} for its kwargs and answers. */
    public static UserValidator userValidator(Pure function) {
        return new UserValidator(function);
    }
}
