package io.ballast.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The decision core stays pure: no framework, persistence, network, file or clock access. */
class CorePurityTest {
    private static final Path CORE = Path.of("src/main/java/io/ballast/core");
    private static final List<Pattern> FORBIDDEN = List.of(
            Pattern.compile("\\borg\\.springframework\\b"),
            Pattern.compile("\\bjakarta\\.persistence\\b"),
            Pattern.compile("\\bjava\\.net\\b"),
            Pattern.compile("\\bjava\\.io\\.File\\b"),
            Pattern.compile("\\bjava\\.nio\\.file\\b"),
            Pattern.compile("\\bjava\\.time\\.Clock\\b"),
            Pattern.compile("\\bClock\\s*\\."),
            Pattern.compile("\\bInstant\\.now\\s*\\("),
            Pattern.compile("\\bSystem\\.currentTimeMillis\\s*\\("),
            Pattern.compile("\\bSystem\\.nanoTime\\s*\\("));

    @Test
    void coreSourcesUseNoFrameworkIoOrClock() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(CORE)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).as("core sources found under %s", CORE.toAbsolutePath()).isNotEmpty();
        List<String> violations = new ArrayList<>();
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                for (Pattern p : FORBIDDEN) {
                    if (p.matcher(lines.get(i)).find()) {
                        violations.add(source.getFileName() + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void scannerCatchesAForbiddenImport() {
        String line = "import org.springframework.stereotype.Component;";
        assertThat(FORBIDDEN.stream().anyMatch(p -> p.matcher(line).find())).isTrue();
        assertThat(FORBIDDEN.stream().anyMatch(p -> p.matcher("long t = Instant.now().getEpochSecond();").find()))
                .isTrue();
    }
}
