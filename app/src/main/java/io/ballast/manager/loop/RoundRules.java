package io.ballast.manager.loop;

import io.ballast.manager.store.ManagerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ballast.rulebase.RuleBaseService;
import io.ballast.rules.RuleChecker;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.RulesCfgParser;

/**
 * The rules a manager round decides with, refreshed before each round: the configured rules from the
 * database and the DRL rule base that validates them. Both are fixed for the round, so the version recorded
 * with its decisions names exactly what was used.
 */
final class RoundRules {

    private static final Logger LOG = LoggerFactory.getLogger(RoundRules.class);

    private final RuleBaseService ruleBases;
    private String rulesText;
    private RuleSet rules = RuleSet.EMPTY;
    private volatile RuleBaseService.Active drl;
    private volatile String version;

    RoundRules(RuleBaseService ruleBases) {
        this.ruleBases = ruleBases;
    }

    /** Picks up edited rules and a reloaded rule base. */
    void refresh(ManagerStore store) {
        drl = ruleBases.activeChecker();
        String text = store.rulesText();
        if (!text.equals(rulesText)) {
            try {
                rules = text.isBlank() ? RuleSet.EMPTY : RulesCfgParser.parse("database rules", text);
                rulesText = text;
            } catch (IllegalArgumentException e) {
                // the API validates rules; if something slipped through, keep deciding with the last good set
                LOG.warn("keeping the previous rules: {}", e.getMessage());
            }
        }
        version = ManagerStore.ruleBaseVersion(drl.version(), rulesText == null ? "" : rulesText);
    }

    RuleSet rules() {
        return rules;
    }

    /** The checker of the rule base fixed by the last refresh (what the manager's rule compiler uses). */
    RuleChecker checker() {
        RuleBaseService.Active fixed = drl;
        return fixed != null ? fixed.checker() : ruleBases.checker();
    }

    /** The rule base fixed by the last refresh. */
    RuleBaseService.Active active() {
        RuleBaseService.Active fixed = drl;
        return fixed != null ? fixed : ruleBases.activeChecker();
    }

    /** Recorded with every decision of the rounds since the last refresh. */
    String version() {
        return version;
    }
}
