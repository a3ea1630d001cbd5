package io.ballast.rules;

import io.ballast.rules.engine.DrlRuleChecker;
import io.ballast.rules.engine.RuleBase;

/** Access to the rule checker backed by the packaged DRL rule base. */
public final class RuleCheckers {

    private RuleCheckers() {
    }

    /** The checker compiled from the DRL files shipped in this module (compiled once, then shared). */
    public static RuleChecker defaultChecker() {
        return Holder.CHECKER;
    }

    private static final class Holder {
        static final RuleChecker CHECKER = new DrlRuleChecker(RuleBase.packaged());
    }
}
