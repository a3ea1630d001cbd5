package io.ballast.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadableRuleBaseTest {

    private static final String GOOD = """
            package io.ballast.rules.custom;

            rule "custom: a string fact is noticed"
            when
                String()
            then
            end
            """;

    @Test
    void reloadPaths(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("custom.drl"), GOOD);
        ReloadableRuleBase rules = new ReloadableRuleBase(dir);
        String first = rules.active().version();
        assertThat(rules.active().ruleCount()).isEqualTo(1);
        assertThat(rules.reloadIfChanged().changed()).isFalse();

        // good change: new version active
        Files.writeString(dir.resolve("extra.drl"), GOOD.replace("is noticed", "is noticed twice"));
        ReloadableRuleBase.ReloadResult added = rules.reloadIfChanged();
        assertThat(added.ok()).isTrue();
        assertThat(added.changed()).isTrue();
        assertThat(rules.active().ruleCount()).isEqualTo(2);
        String second = rules.active().version();
        assertThat(second).isNotEqualTo(first);

        // broken file: old rule base kept, error names file and line
        Files.writeString(dir.resolve("extra.drl"), GOOD.replace("String()", "String( length > )"));
        ReloadableRuleBase.ReloadResult broken = rules.reloadIfChanged();
        assertThat(broken.ok()).isFalse();
        assertThat(broken.errors().get(0).file()).isEqualTo("extra.drl");
        assertThat(broken.errors().get(0).line()).isEqualTo(5);
        assertThat(rules.active().version()).isEqualTo(second);
        assertThat(rules.reloadIfChanged().changed()).isFalse(); // same broken content is not retried

        // file removed: back to the first rule set
        Files.delete(dir.resolve("extra.drl"));
        ReloadableRuleBase.ReloadResult removed = rules.reloadIfChanged();
        assertThat(removed.ok()).isTrue();
        assertThat(rules.active().version()).isEqualTo(first);
        assertThat(rules.active().ruleCount()).isEqualTo(1);
    }
}
