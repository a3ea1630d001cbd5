package io.ballast.sim;

import java.util.function.Supplier;

import io.ballast.core.HaManager;
import io.ballast.core.RoundInput;
import io.ballast.core.RoundOutput;

/**
 * One master term's decision maker as the simulated CRM sees it. Production wiring is the decision core
 * ({@link HaManager}); tests can script rounds to exercise the environment on its own.
 */
@FunctionalInterface
public interface ManagerRound {

    RoundOutput round(RoundInput input);

    /** A fresh {@link HaManager} per master term. */
    Supplier<ManagerRound> CORE = () -> new HaManager()::round;
}
