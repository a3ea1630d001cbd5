package io.ballast;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Architecture rules look at main classes only. ArchUnit's own "no tests" option recognises test classes by a
 * {@code target/test-classes} path, which misses builds into another output folder ({@code -Dballast.target=...}).
 */
public final class MainClassesOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
        return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }
}
