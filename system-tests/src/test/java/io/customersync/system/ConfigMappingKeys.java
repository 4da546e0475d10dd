package io.customersync.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys of the {@code @ConfigMapping} interfaces in Java sources, read from the source text
 * (the services' classes are not on this module's classpath with their dependencies): each root's
 * prefix, then one segment per method (kebab-case, or its {@code @WithName}) through nested and
 * inherited groups. A {@code Map<String, Group>} is one {@code <KEY>} segment.
 */
final class ConfigMappingKeys {

    static final String ANY = "<KEY>";

    private static final Pattern INTERFACE = Pattern.compile(
            "(@ConfigMapping\\(prefix = \"([^\"]+)\"\\)\\s*(?:public\\s+)?)?interface\\s+(\\w+)(?:\\s+extends\\s+([\\w.,\\s]+?))?\\s*\\{");
    private static final Pattern METHOD = Pattern.compile("([\\w.]+)\\s*>*\\s+(\\w+)\\(\\)$");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\"([^\"]+)\"\\)");

    private record Group(String file, String name, List<String> parents, List<String[]> methods) {
    }

    private final Map<String, List<Group>> byName = new HashMap<>();
    private final List<Map.Entry<String, Group>> roots = new ArrayList<>();

    ConfigMappingKeys(List<Path> sources) throws IOException {
        for (Path source : sources) {
            String text = Files.readString(source).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
            Matcher matcher = INTERFACE.matcher(text);
            while (matcher.find()) {
                int open = matcher.end() - 1;
                Group group = new Group(source.toString(), matcher.group(3), parents(matcher.group(4)),
                        methods(text, open));
                byName.computeIfAbsent(group.name(), k -> new ArrayList<>()).add(group);
                if (matcher.group(2) != null) {
                    roots.add(Map.entry(matcher.group(2), group));
                }
            }
        }
    }

    /** Every key of every mapping root found. */
    TreeSet<String> keys() {
        TreeSet<String> keys = new TreeSet<>();
        roots.forEach(root -> collect(root.getKey(), root.getValue(), keys, 0));
        return keys;
    }

    private void collect(String prefix, Group group, TreeSet<String> keys, int depth) {
        if (depth > 10) {
            throw new IllegalStateException("config groups nest too deep at " + prefix);
        }
        for (String parent : group.parents()) {
            Group resolved = resolve(group, parent);
            if (resolved != null) {
                collect(prefix, resolved, keys, depth + 1);
            }
        }
        for (String[] method : group.methods()) {
            String key = prefix + "." + method[1] + (method[2] != null ? "." + ANY : "");
            Group nested = resolve(group, method[0]);
            if (nested == null) {
                keys.add(key);
            } else {
                collect(key, nested, keys, depth + 1);
            }
        }
    }

    /** A type named in {@code from}'s file: a group of that file first, else the one group of that name. */
    private Group resolve(Group from, String type) {
        List<Group> candidates = byName.getOrDefault(type.substring(type.lastIndexOf('.') + 1), List.of());
        return candidates.stream().filter(g -> g.file().equals(from.file())).findFirst()
                .orElse(candidates.size() == 1 ? candidates.get(0) : null);
    }

    private static List<String> parents(String extendsClause) {
        List<String> parents = new ArrayList<>();
        if (extendsClause != null) {
            for (String parent : extendsClause.split(",")) {
                parents.add(parent.trim());
            }
        }
        return parents;
    }

    /** The abstract methods directly in the body opening at {@code open}: type, key segment, map marker. */
    private static List<String[]> methods(String text, int open) {
        List<String[]> methods = new ArrayList<>();
        int depth = 0;
        int parens = 0;
        StringBuilder statement = new StringBuilder();
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                parens++;
            } else if (c == ')') {
                parens--;
            }
            if (parens == 0 && c == '{') {
                depth++;
                statement.setLength(0);
                continue;
            }
            if (parens == 0 && c == '}') {
                depth--;
                statement.setLength(0);
                if (depth == 0) {
                    break;
                }
                continue;
            }
            if (depth == 1 && parens == 0 && c == ';') {
                method(statement.toString().trim(), methods);
                statement.setLength(0);
            } else if (depth == 1) {
                statement.append(c);
            }
        }
        return methods;
    }

    private static void method(String statement, List<String[]> methods) {
        if (statement.contains("static ") || statement.contains("default ") || statement.contains("=")
                && !statement.contains("@")) {
            return;
        }
        String flat = statement.replaceAll("\\s+", " ");
        Matcher method = METHOD.matcher(flat);
        if (!method.find()) {
            return;
        }
        Matcher withName = WITH_NAME.matcher(flat);
        String segment = withName.find() ? withName.group(1) : kebab(method.group(2));
        String type = flat.matches(".*\\bMap<.*") ? flat.replaceAll(".*\\bMap<\\s*[\\w.]+\\s*,\\s*([\\w.]+).*", "$1")
                : method.group(1);
        methods.add(new String[] { type, segment, flat.matches(".*\\bMap<.*") ? "map" : null });
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
