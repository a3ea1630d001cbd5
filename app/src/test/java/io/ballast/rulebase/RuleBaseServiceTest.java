package io.ballast.rulebase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ballast.rules.engine.DrlSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload paths of the service's rule base: good edit, broken edit (old rules stay), file removed. */
class RuleBaseServiceTest {

    @TempDir
    Path dir;

    private RuleBaseService start() throws IOException {
        for (DrlSource source : DrlSource.packaged()) {
            Path file = dir.resolve(source.name());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.content());
        }
        return new RuleBaseService(new RuleBaseProperties(dir.toString(), Duration.ZERO));
    }

    private static final String CUSTOM = """
            package io.ballast.rules.custom;

            rule "custom: a rule that never fires"
            when
                eval(false)
            then
            end
            """;

    @Test
    void aGoodEditChangesTheVersionOnReload() throws IOException {
        RuleBaseService service = start();
        String before = service.status().version();
        int rules = service.status().ruleCount();
        Files.writeString(dir.resolve("custom.drl"), CUSTOM);

        RuleBaseService.Attempt attempt = service.reload();

        assertThat(attempt.ok()).isTrue();
        assertThat(attempt.changed()).isTrue();
        assertThat(service.status().version()).isNotEqualTo(before);
        assertThat(service.status().files()).contains("custom.drl");
        assertThat(service.status().ruleCount()).isEqualTo(rules + 1);
    }

    @Test
    void aBrokenFileIsRefusedWithFileAndLineAndTheOldVersionStaysActive() throws IOException {
        RuleBaseService service = start();
        String before = service.status().version();
        Files.writeString(dir.resolve("broken.drl"), "package io.ballast.rules.custom;\n\nrule \"broken\"\nwhen\n    accumulate(\nthen\nend\n");

        RuleBaseService.Attempt attempt = service.reloadIfChanged();

        assertThat(attempt.ok()).isFalse();
        assertThat(attempt.errors()).isNotEmpty();
        assertThat(attempt.errors().get(0).file()).isEqualTo("broken.drl");
        assertThat(attempt.errors().get(0).line()).isGreaterThan(0);
        assertThat(service.status().version()).isEqualTo(before);
        assertThat(service.status().lastAttempt()).isEqualTo(attempt);
        // the checker still works on the old rules
        assertThat(service.checker()).isNotNull();
        // the poll does not retry the same broken content
        assertThat(service.reloadIfChanged()).isSameAs(attempt);
    }

    @Test
    void aRemovedFileIsNoticedByThePoll() throws IOException {
        RuleBaseService service = start();
        String before = service.status().version();
        Files.delete(dir.resolve("io/ballast/rules/validation/lint.drl"));

        RuleBaseService.Attempt attempt = service.reloadIfChanged();

        assertThat(attempt.ok()).isTrue();
        assertThat(attempt.changed()).isTrue();
        assertThat(service.status().version()).isNotEqualTo(before);
        assertThat(service.status().files()).doesNotContain("io/ballast/rules/validation/lint.drl");
    }

    @Test
    void aRulesDirectoryOthersCanWriteIsRefusedAtStartAndOnReload() throws IOException {
        // DRL runs as code: a directory others can write would let them run code as Ballast
        RuleBaseService service = start();
        String before = service.status().version();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(dir.resolve("custom.drl"), CUSTOM);

        RuleBaseService.Attempt attempt = service.reload();
        assertThat(attempt.ok()).isFalse();
        assertThat(attempt.errors().get(0).message()).contains("writable by group or others").contains("chmod");
        assertThat(service.status().version()).isEqualTo(before);

        assertThatThrownBy(() -> new RuleBaseService(new RuleBaseProperties(dir.toString(), Duration.ZERO)))
                .hasMessageContaining("rules directory refused").hasMessageContaining("writable by group or others");

        // a group-writable file is refused as well; fixed, the reload goes through
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(dir.resolve("custom.drl"), PosixFilePermissions.fromString("rw-rw-r--"));
        assertThat(service.reload().ok()).isFalse();
        Files.setPosixFilePermissions(dir.resolve("custom.drl"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(service.reload().ok()).isTrue();
        service.stopPolling();
    }

    @Test
    void pollingIsOffUnlessConfigured() {
        assertThat(new RuleBaseProperties("", null).pollInterval()).isZero();
    }
}
