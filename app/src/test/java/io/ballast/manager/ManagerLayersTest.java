package io.ballast.manager;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.ballast.arch.WallClockReads;
import org.junit.jupiter.api.Test;

/** The manager's layers depend one way (web → loop → store), and its loops take time from the Clock bean. */
class ManagerLayersTest {

    private static final JavaClasses MANAGER = new ClassFileImporter()
            .withImportOption(new io.ballast.MainClassesOnly())
            .importPackages("io.ballast.manager", "io.ballast.proxmox");

    static final ArchRule LOOP_AND_STORE_USE_NO_WEB = noClasses()
            .that().resideInAnyPackage("io.ballast.manager.loop..", "io.ballast.manager.store..")
            .should().dependOnClassesThat().resideInAPackage("io.ballast.manager.web..")
            .because("the loop runs without the REST layer (CLI, what-if, tests)");

    static final ArchRule STORE_USES_NO_LOOP = noClasses().that().resideInAPackage("io.ballast.manager.store..")
            .should().dependOnClassesThat().resideInAPackage("io.ballast.manager.loop..")
            .because("the store only reads configuration and writes what a round produced");

    static final ArchRule LOOPS_USE_THE_INJECTED_CLOCK = noClasses()
            .that().resideInAPackage("io.ballast.manager..")
            .or().haveFullyQualifiedName("io.ballast.proxmox.ProxmoxService")
            .should().callCodeUnitWhere(WallClockReads.SYSTEM_CLOCK)
            .because("round time comes from the Clock bean, so a test can fix or step it");

    @Test
    void webIsUsedByNeitherLoopNorStore() {
        LOOP_AND_STORE_USE_NO_WEB.check(MANAGER);
    }

    @Test
    void loopsReadTimeFromTheInjectedClock() {
        LOOPS_USE_THE_INJECTED_CLOCK.check(MANAGER);
    }

    @Test
    void storeDoesNotKnowTheLoop() {
        STORE_USES_NO_LOOP.check(MANAGER);
    }
}
