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

    /** The packaged rule base (compiled once, then shared). */
    public static RuleBase packagedBase() {
        return Holder.BASE;
    }

    private static final class Holder {
        static final RuleBase BASE = RuleBase.packaged();
        static final RuleChecker CHECKER = new DrlRuleChecker(BASE);
    }
}
