package io.ballast.rules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RuleBaseTest {

    @Test
    void packagedRuleBaseCompilesAndHasAStableVersion() {
        RuleBase a = RuleBase.packaged();
        RuleBase b = RuleBase.packaged();
        assertThat(a.ruleCount()).isGreaterThanOrEqualTo(13);
        assertThat(a.version()).hasSize(64).isEqualTo(b.version());
    }

    @Test
    void brokenFileIsRejectedWithFileAndLine() {
        List<DrlSource> sources = new ArrayList<>(DrlSource.packaged());
        sources.add(new DrlSource("custom/broken.drl", """
                package io.ballast.rules.custom;

                rule "custom: broken"
                when
                    String( length > )
                then
                end
                """));
        assertThatThrownBy(() -> RuleBase.compile(sources))
                .isInstanceOfSatisfying(RuleCompilationException.class, e -> {
                    assertThat(e.errors()).isNotEmpty();
                    assertThat(e.errors().get(0).file()).isEqualTo("broken.drl");
                    assertThat(e.errors().get(0).line()).isEqualTo(5);
                });
    }

    @Test
    void versionChangesWithContent() {
        List<DrlSource> one = List.of(new DrlSource("a.drl", "package p;"));
        List<DrlSource> two = List.of(new DrlSource("a.drl", "package p; "));
        assertThat(RuleBase.contentHash(one)).isNotEqualTo(RuleBase.contentHash(two));
    }
}
