package io.ballast.core;

import java.util.List;

/**
 * Audit record of one decision the round took.
 *
 * @param subject         sid or node the decision is about
 * @param trigger         what caused it, e.g. "node-offline", "lrm-result", "command", "placement"
 * @param action          what was decided, e.g. "started -> fence", "migrate to node2"
 * @param explanation     one sentence why
 * @param from            the resource's state, node and target before a state change (null for other decisions)
 * @param to              ... and after it
 * @param policyRules     the DRL placement rules behind a placement decision (empty for others)
 * @param configuredRules the configured rules behind it (node affinity, keep-separate, ...)
 */
public record Decision(String subject, String trigger, String action, String explanation, Place from, Place to,
                       List<String> policyRules, List<String> configuredRules) {

    public Decision {
        policyRules = policyRules == null ? List.of() : List.copyOf(policyRules);
        configuredRules = configuredRules == null ? List.of() : List.copyOf(configuredRules);
    }

    public Decision(String subject, String trigger, String action, String explanation) {
        this(subject, trigger, action, explanation, null, null, List.of(), List.of());
    }

    /** Where a resource was or went: its CRM state, node and migration target. */
    public record Place(String state, String node, String target) {
    }

    /** Why a placement went where it did, from the placement policy's verdict. */
    public record Why(String explanation, List<String> policyRules, List<String> configuredRules) {
    }
}
