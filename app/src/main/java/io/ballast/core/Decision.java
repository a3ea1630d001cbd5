package io.ballast.core;

/**
 * Audit record of one decision the round took.
 *
 * @param subject     sid or node the decision is about
 * @param trigger     what caused it, e.g. "node-offline", "lrm-result", "command", "placement"
 * @param action      what was decided, e.g. "started -> fence", "migrate to node2"
 * @param explanation one sentence why
 */
public record Decision(String subject, String trigger, String action, String explanation) {
}
