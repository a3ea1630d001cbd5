package io.ballast.core;

import java.util.ArrayList;
import java.util.List;

/** Collects the log lines, effects and decision records of one round, in order. */
final class RoundLog {
    final List<CrmLogLine> lines = new ArrayList<>();
    final List<Effect> effects = new ArrayList<>();
    final List<Decision> decisions = new ArrayList<>();
    /** The open or applied proposal as the round leaves it (starts as the input's). */
    Proposal proposal;
    final List<ProposalEvent> proposalEvents = new ArrayList<>();

    void add(String level, String message) {
        lines.add(new CrmLogLine(level, message));
    }

    void effect(Effect effect) {
        effects.add(effect);
    }

    void decision(String subject, String trigger, String action, String explanation) {
        decisions.add(new Decision(subject, trigger, action, explanation));
    }

    void decision(Decision d) {
        decisions.add(d);
    }
}
