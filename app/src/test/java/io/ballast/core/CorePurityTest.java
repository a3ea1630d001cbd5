package io.ballast.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.ballast.arch.WallClockReads;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decision core stays pure (no framework, persistence, adapter, network, file or clock access), and the
 * planner and rule modules know no Spring and no app class. ArchUnit rules over the compiled classes of app,
 * planner and rules-drl.
 */
class CorePurityTest {
    private static final String CORE = "io.ballast.core..";

    static final ArchRule CORE_USES_NO_FRAMEWORK_OR_IO = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "jakarta.persistence..", "java.sql..", "javax.sql..",
                    "java.net..", "java.nio.file..")
            .orShould().dependOnClassesThat().haveNameMatching("java\\.io\\.(File|RandomAccessFile)\\w*")
            .because("the decision core is a pure function of its round input (docs/ha-core.md)");

    // Within Ballast the core sees only itself and the two pure modules; every other package is an adapter
    // (proxmox, sim, manager, web, the JPA/REST feature packages, persistence...).
    static final ArchRule CORE_USES_NO_ADAPTER = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat(ballastOutside("core|planner|rules"))
            .because("adapters depend on the core, never the other way round");

    static final ArchRule CORE_READS_NO_CLOCK = noClasses().that().resideInAPackage(CORE)
            .should().callCodeUnitWhere(WallClockReads.ANY_CLOCK)
            .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
            .because("round time comes from RoundInput, so a round can be replayed");

    static final ArchRule PLANNER_USES_NO_SPRING = noClasses().that().resideInAPackage("io.ballast.planner..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..");

    static final ArchRule RULES_USE_NO_SPRING = noClasses().that().resideInAPackage("io.ballast.rules..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..");

    // planner uses the rule base (placement policy), never the app; rules-drl uses neither
    static final ArchRule PLANNER_KNOWS_NO_APP = noClasses().that().resideInAPackage("io.ballast.planner..")
            .should().dependOnClassesThat(ballastOutside("planner|rules"));

    static final ArchRule RULES_KNOW_NO_PLANNER_OR_APP = noClasses().that().resideInAPackage("io.ballast.rules..")
            .should().dependOnClassesThat(ballastOutside("rules"));

    private static JavaClasses classes;

    // Jars included: in a reactor build the planner and rules-drl classes come as jars.
    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(new io.ballast.MainClassesOnly())
                .importPackages("io.ballast");
    }

    /** Classes of io.ballast outside the given top-level packages ("a|b"). */
    static DescribedPredicate<JavaClass> ballastOutside(String allowed) {
        return DescribedPredicate.describe("Ballast classes outside io.ballast.{" + allowed.replace('|', ',') + "}",
                c -> c.getPackageName().startsWith("io.ballast.")
                        && !c.getPackageName().matches("io\\.ballast\\.(" + allowed + ")(\\..*)?"));
    }

    @Test
    void coreIsPure() {
        CORE_USES_NO_FRAMEWORK_OR_IO.check(classes);
        CORE_USES_NO_ADAPTER.check(classes);
        CORE_READS_NO_CLOCK.check(classes);
    }

    @Test
    void plannerAndRulesKnowNoSpringAndNoApp() {
        PLANNER_USES_NO_SPRING.check(classes);
        RULES_USE_NO_SPRING.check(classes);
        PLANNER_KNOWS_NO_APP.check(classes);
        RULES_KNOW_NO_PLANNER_OR_APP.check(classes);
    }

    @Test
    void theImportSeesEveryModule() {
        // an empty import would make every rule pass
        for (String pkg : List.of("io.ballast.core", "io.ballast.planner", "io.ballast.rules",
                "io.ballast.manager.loop")) {
            assertThat(classes.containPackage(pkg)).as(pkg).isTrue();
        }
    }

    @Test
    void coreRulesCatchAViolation() {
        JavaClasses impure = new ClassFileImporter().importClasses(ImpureSample.class);
        assertThatThrownBy(() -> CORE_USES_NO_FRAMEWORK_OR_IO.check(impure)).hasMessageContaining("java.sql");
        assertThatThrownBy(() -> CORE_USES_NO_ADAPTER.check(impure)).hasMessageContaining("io.ballast.sim");
        assertThatThrownBy(() -> CORE_READS_NO_CLOCK.check(impure))
                .hasMessageContaining("Instant.now()")
                .hasMessageContaining("System.currentTimeMillis()")
                .hasMessageContaining("LocalDateTime.now()");
    }

    /** What the core must not do; lives in the core package of the test classes so the rules apply to it. */
    @SuppressWarnings("unused")
    static final class ImpureSample {
        long time() {
            return Instant.now().getEpochSecond() + System.currentTimeMillis() + LocalDateTime.now().getSecond();
        }

        java.sql.Connection connection() {
            return null;
        }

        io.ballast.sim.ServiceOrder order() {
            return null;
        }
    }
}
