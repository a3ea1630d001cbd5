package io.ballast.rules;

/** Access to the rule checker backed by the packaged DRL rule base (implemented in the rules issue). */
public final class RuleCheckers {
    private RuleCheckers() {
    }

    /** The checker compiled from the DRL files shipped in this module. */
    public static RuleChecker defaultChecker() {
        throw new UnsupportedOperationException("DRL rule checker not implemented yet");
    }
}
