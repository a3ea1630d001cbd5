package io.ballast.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitCallTarget;
import com.tngtech.archunit.core.domain.JavaCall;
import java.util.Set;

/** Calls that read the system's wall clock, for architecture rules. */
public final class WallClockReads {

    private static final Set<String> NOW_OWNERS = Set.of("java.time.Instant", "java.time.LocalDateTime",
            "java.time.LocalDate", "java.time.LocalTime", "java.time.ZonedDateTime", "java.time.OffsetDateTime",
            "java.time.OffsetTime", "java.time.Year", "java.time.YearMonth", "java.time.MonthDay");

    /** {@code System.currentTimeMillis/nanoTime}, {@code Instant.now()} and the like, {@code Clock.system*}. */
    public static final DescribedPredicate<JavaCall<?>> SYSTEM_CLOCK = JavaCall.Predicates.target(
            DescribedPredicate.describe("a read of the system clock", WallClockReads::readsSystemClock));

    /** Any of those, or any use of a {@code java.time.Clock} (the core gets its time from its input). */
    public static final DescribedPredicate<JavaCall<?>> ANY_CLOCK = JavaCall.Predicates.target(
            DescribedPredicate.describe("a wall-clock read",
                    t -> readsSystemClock(t) || t.getOwner().getName().equals("java.time.Clock")));

    private WallClockReads() {
    }

    private static boolean readsSystemClock(CodeUnitCallTarget target) {
        String owner = target.getOwner().getName();
        String name = target.getName();
        boolean noArgs = target.getRawParameterTypes().isEmpty();
        return owner.equals("java.lang.System") && (name.equals("currentTimeMillis") || name.equals("nanoTime"))
                || NOW_OWNERS.contains(owner) && name.equals("now") && noArgs
                || owner.equals("java.time.Clock") && name.startsWith("system")
                || owner.equals("java.util.Date") && name.equals("<init>") && noArgs;
    }
}
