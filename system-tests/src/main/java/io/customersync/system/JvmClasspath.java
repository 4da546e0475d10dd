package io.customersync.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The jars this JVM runs from, with the {@code Class-Path} of every jar's manifest followed: the
 * launcher jar's {@code lib/} under {@code ./run.sh}, the Maven repository's jars under failsafe
 * (whose booter jar lists them the same way). A child JVM started with them runs from exactly the
 * libraries Maven resolved for this module, e.g. Kafka's broker.
 */
final class JvmClasspath {

    private JvmClasspath() {
    }

    static List<Path> current() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                add(Path.of(entry).toAbsolutePath().normalize(), entries);
            }
        }
        return new ArrayList<>(entries);
    }

    /** The entries joined for a {@code CLASSPATH} variable (keeps the child's command line short). */
    static String joined(List<Path> entries) {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }

    private static void add(Path entry, Set<Path> entries) {
        if (!Files.exists(entry) || !entries.add(entry) || !entry.toString().endsWith(".jar")) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return;
            }
            URI base = entry.getParent().toUri();
            for (String reference : classPath.trim().split("\\s+")) {
                URI resolved = base.resolve(reference);
                if ("file".equals(resolved.getScheme())) {
                    add(Path.of(resolved).normalize(), entries);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + entry, e);
        }
    }
}
