package io.ballast.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every DRL file of the module is in the packaged rule base (a file left out of the list would never run). */
class PackagedFilesTest {

    @Test
    void everyDrlFileOfTheModuleIsPackaged() throws IOException {
        Path root = Path.of("src/main/drl");
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(p -> p.toString().endsWith(".drl")).map(p -> root.relativize(p).toString()))
                    .containsExactlyInAnyOrderElementsOf(DrlSource.PACKAGED);
        }
    }
}
