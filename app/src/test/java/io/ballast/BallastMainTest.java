package io.ballast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code ballast serve} answers help and version flags itself and refuses stray arguments, starting nothing. */
class BallastMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int serve(String... args) {
        return BallastMain.serveOptions(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpAndVersionPrintAndExitZero() {
        assertThat(serve("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: ballast [serve] [--key=value ...]")
                .contains("--server.port=9090");
        out.reset();
        assertThat(serve("--server.port=9090", "-h")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: ballast [serve]");
        out.reset();
        assertThat(serve("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("ballast ").contains("(Java ");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void settingsStartTheServiceAndStrayArgumentsAreRefused() {
        assertThat(serve()).isEqualTo(-1);
        assertThat(serve("--server.port=9090", "--ballast.cluster.mode=proxmox", "--debug")).isEqualTo(-1);
        assertThat(serve("-x")).isEqualTo(2);
        assertThat(serve("start")).isEqualTo(2);
        assertThat(serve("--")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ballast serve: unknown argument 'start'")
                .contains("usage: ballast [serve]").contains("'ballast serve --help'");
    }
}
