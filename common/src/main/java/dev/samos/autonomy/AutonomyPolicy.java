package dev.samos.autonomy;

import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the autonomy check accepts: the strict default, extended by an allow-list of class-name prefixes (libraries
 * present on every executor), or the named "impure but memoizable" tier that only reports. Immutable; equal
 * policies are {@code equals}.
 */
public final class AutonomyPolicy {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*\\.?");
    private static final AutonomyPolicy STRICT = new AutonomyPolicy(null, new TreeSet<>());

    private final String impureReason;
    private final SortedSet<String> allowList;

    private AutonomyPolicy(String impureReason, SortedSet<String> allowList) {
        this.impureReason = impureReason;
        this.allowList = Collections.unmodifiableSortedSet(allowList);
    }

    /** Everything in the JDK safe set, the Samos function API and the bundle; nothing else. */
    public static AutonomyPolicy strict() {
        return STRICT;
    }

    /**
     * The "impure but memoizable" tier: the user vouches that results may be stored although the check finds
     * violations (a function reading a reference file, say). Violations are reported as warnings, never thrown.
     *
     * @param reason why the function may be memoized anyway; kept with the policy so it can be shown and audited
     */
    public static AutonomyPolicy impure(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an impure policy needs a reason");
        }
        return new AutonomyPolicy(reason.strip(), new TreeSet<>());
    }

    /**
     * This policy, also accepting every class whose binary name starts with one of {@code classNamePrefixes}, e.g.
     * {@code org.apache.commons.math3.}. The allow-list wins over the JDK safe set: an operator who allows
     * {@code java.util.logging.} gets it.
     */
    public AutonomyPolicy allowing(String... classNamePrefixes) {
        SortedSet<String> list = new TreeSet<>(allowList);
        for (String prefix : Arrays.asList(classNamePrefixes)) {
            if (prefix == null || !PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("an allow-list entry must be a class name or a prefix of one "
                        + "ending in '.', e.g. org.example.lib., got " + prefix);
            }
            list.add(prefix);
        }
        return new AutonomyPolicy(impureReason, list);
    }

    /** Whether violations make the check fail. */
    public boolean isStrict() {
        return impureReason == null;
    }

    /** The reason given for the impure tier; empty for a strict policy. */
    public Optional<String> impureReason() {
        return Optional.ofNullable(impureReason);
    }

    public SortedSet<String> allowList() {
        return allowList;
    }

    /** Whether the allow-list covers {@code binaryClassName}. */
    public boolean allows(String binaryClassName) {
        for (String prefix : allowList) {
            if (binaryClassName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** E.g. {@code strict}, {@code strict, allowing org.example.lib.}, {@code impure (reads a reference table)}. */
    public String describe() {
        String tier = impureReason == null ? "strict" : "impure (" + impureReason + ")";
        return allowList.isEmpty() ? tier : tier + ", allowing " + String.join(", ", allowList);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AutonomyPolicy other && Objects.equals(impureReason, other.impureReason)
                && allowList.equals(other.allowList);
    }

    @Override
    public int hashCode() {
        return Objects.hash(impureReason, allowList);
    }

    @Override
    public String toString() {
        return "AutonomyPolicy[" + describe() + "]";
    }
}
