package dev.samos.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series selectors of a PromQL expression, e.g. {@code samos_executor_tasks_total{outcome="failed"}} out of
 * {@code sum(rate(samos_executor_tasks_total{outcome="failed"}[10m])) > 0.1}: each one must find series on a live
 * cluster, even where the whole expression is a condition that is rightly empty.
 */
final class PromQl {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan");
    /** Label lists of grouping clauses, range and subquery brackets: no metric names in them. */
    private static final Pattern NOT_SELECTORS = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)|\\[[^\\]]*\\]");
    private static final Pattern SELECTOR = Pattern.compile(
            "(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*\\})?(\\s*\\()?");

    private PromQl() {
    }

    static List<String> selectors(String expression) {
        String text = NOT_SELECTORS.matcher(expression).replaceAll(" ");
        List<String> selectors = new ArrayList<>();
        Matcher m = SELECTOR.matcher(text);
        while (m.find()) {
            boolean function = m.group(3) != null && m.group(2) == null;
            if (!function && !KEYWORDS.contains(m.group(1).toLowerCase())) {
                String selector = m.group(1) + (m.group(2) == null ? "" : m.group(2));
                if (!selectors.contains(selector)) {
                    selectors.add(selector);
                }
            }
        }
        return selectors;
    }
}
