package io.ballast.rules.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** One DRL file: its name (used in error messages) and its text. */
public record DrlSource(String name, String content) {

    /** The DRL files shipped in this module's jar under {@code ballast-drl/}. */
    static final List<String> PACKAGED = List.of(
            "io/ballast/rules/validation/references.drl",
            "io/ballast/rules/validation/node-affinity.drl",
            "io/ballast/rules/validation/resource-affinity.drl",
            "io/ballast/rules/validation/mixed-affinity.drl",
            "io/ballast/rules/validation/lint.drl",
            "io/ballast/rules/placement/availability.drl",
            "io/ballast/rules/placement/maintenance.drl",
            "io/ballast/rules/placement/node-affinity.drl",
            "io/ballast/rules/placement/resource-affinity.drl",
            "io/ballast/rules/placement/keep-together.drl",
            "io/ballast/rules/placement/start-failures.drl",
            "io/ballast/rules/placement/capacity.drl",
            "io/ballast/rules/placement/failback.drl",
            "io/ballast/rules/placement/hard-constraints.drl");

    public static List<DrlSource> packaged() {
        List<DrlSource> sources = new ArrayList<>();
        for (String path : PACKAGED) {
            try (InputStream in = DrlSource.class.getClassLoader().getResourceAsStream("ballast-drl/" + path)) {
                if (in == null) {
                    throw new IllegalStateException("packaged DRL file missing from the classpath: ballast-drl/" + path);
                }
                sources.add(new DrlSource(path, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read packaged DRL ballast-drl/" + path, e);
            }
        }
        return sources;
    }

    /** Every {@code *.drl} below {@code dir}, named by their path relative to it, sorted by name. */
    public static List<DrlSource> fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("DRL directory does not exist: " + dir);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> drl = files.filter(p -> p.toString().endsWith(".drl")).filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> dir.relativize(p).toString())).toList();
            List<DrlSource> sources = new ArrayList<>();
            for (Path p : drl) {
                sources.add(new DrlSource(dir.relativize(p).toString().replace('\\', '/'),
                        Files.readString(p, StandardCharsets.UTF_8)));
            }
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read DRL directory " + dir, e);
        }
    }
}
