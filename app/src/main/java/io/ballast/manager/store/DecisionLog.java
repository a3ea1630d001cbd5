package io.ballast.manager.store;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.ballast.core.Decision;
import io.ballast.metrics.BallastMetrics;

/**
 * One INFO line per HA decision, in one stable format (docs/operations.md#logs), on the logger
 * {@value #LOGGER}:
 *
 * <pre>
 * decision round=123 kind=migrate subject=vm:100 action="started -&gt; migrate" from=node1 to=node2 trigger=state-machine reason="..."
 * </pre>
 *
 * Fields always appear in this order; a missing value is {@code -}; {@code action} and {@code reason} are always
 * quoted, other values only when they contain a space, a quote or {@code =}; inside quotes {@code "} and
 * {@code \} are escaped with {@code \} and line breaks become spaces. Later versions may append fields at the end.
 * <p>
 * Lines of a round are written only once the transaction that persists the round has committed (a
 * {@link TransactionSynchronization}, registered by {@link ManagerStore#auditDecision}): a round rolled back (a
 * deposed manager, a database error) logs nothing, so the log and the audit table agree. The same moment feeds the
 * decision counters of {@link BallastMetrics}. Commands the API refuses (409) get a line at once, with
 * {@code kind=refused}, {@code round=-} and the caller in a trailing {@code actor=} field.
 */
@Component
public class DecisionLog {

    /** The logger name: route or filter decision lines by it. */
    public static final String LOGGER = "io.ballast.decision";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final ObjectProvider<BallastMetrics> metrics;

    public DecisionLog(ObjectProvider<BallastMetrics> metrics) {
        this.metrics = metrics;
    }

    /**
     * Logs (and counts) {@code d} once the current transaction commits; at once when no transaction is active.
     *
     * @param before the subject's place before ({@code state}, {@code node}, {@code target}), as audited
     * @param after  ... and after
     */
    public void decided(long round, Decision d, Map<String, Object> before, Map<String, Object> after) {
        String kind = kind(d);
        String line = format(round, kind, d, before, after);
        afterCommit(() -> {
            LOG.atInfo().addKeyValue("round", round).addKeyValue("kind", kind).addKeyValue("subject", d.subject())
                    .addKeyValue("trigger", d.trigger()).log(line);
            BallastMetrics m = metrics.getIfAvailable();
            if (m != null) {
                m.decision(kind, d);
            }
        });
    }

    /** A command the API refused (409): logged and counted at once (the request's transaction rolled back). */
    public void refused(String sid, String command, String target, String reason, String actor) {
        String line = "decision round=- kind=refused subject=" + token(sid) + " action=" + quote("refuse " + command)
                + " from=- to=" + token(target) + " trigger=api reason=" + quote(reason) + " actor=" + token(actor);
        LOG.atInfo().addKeyValue("kind", "refused").addKeyValue("subject", sid).addKeyValue("trigger", "api").log(line);
        BallastMetrics m = metrics.getIfAvailable();
        if (m != null) {
            m.commandRefused(command);
        }
    }

    /**
     * An operator's decision on a rebalancing proposal (apply, dismiss): logged once the request's transaction
     * commits, with {@code round=-} and the caller in a trailing {@code actor=} field.
     */
    public void operatorDecided(Decision d, String actor) {
        String line = format(-1, "proposal", d, null, null).replace("decision round=-1 ", "decision round=- ")
                + " actor=" + token(actor);
        afterCommit(() -> LOG.atInfo().addKeyValue("kind", "proposal").addKeyValue("subject", d.subject())
                .addKeyValue("trigger", d.trigger()).log(line));
    }

    /** A manager round begins (configuration sync before the decision core): starts its duration. */
    public void roundStarting() {
        BallastMetrics m = metrics.getIfAvailable();
        if (m != null) {
            m.roundStarting();
        }
    }

    /**
     * The round's status is being persisted in the current transaction: its duration and the gauges read from the
     * round are recorded when it commits; a rollback is counted.
     */
    public void roundPersisting() {
        BallastMetrics m = metrics.getIfAvailable();
        if (m == null) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            m.roundCommitted();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    m.roundCommitted();
                } else {
                    m.roundRolledBack();
                }
            }
        });
    }

    /** The line for one decision (without logging it). */
    static String format(long round, String kind, Decision d, Map<String, Object> before, Map<String, Object> after) {
        Object fromNode = before == null ? null : before.get("node");
        Object toNode = after == null ? null : after.get("target") != null ? after.get("target") : after.get("node");
        return "decision round=" + round + " kind=" + kind + " subject=" + token(d.subject()) + " action="
                + quote(d.action()) + " from=" + token(fromNode) + " to=" + token(toNode) + " trigger="
                + token(d.trigger()) + " reason=" + quote(d.explanation());
    }

    /**
     * The decision's kind, a small fixed set (the {@code kind} label of {@code ballast_decisions_total}): fence,
     * fencing, recovery, migrate, relocate, rebalance, maintenance, placement, start, stop, error, freeze, arm,
     * refused, command, config, node-state, proposal, other.
     */
    public static String kind(Decision d) {
        String trigger = d.trigger() == null ? "" : d.trigger();
        String action = d.action() == null ? "" : d.action();
        String next = action.contains(" -> ") ? action.substring(action.lastIndexOf(" -> ") + 4).trim() : "";
        return switch (trigger) {
            case "node-status" -> next.equals("fence") ? "fence" : "node-state";
            case "fencing" -> "fencing";
            case "fence-acknowledged" -> "recovery";
            case "auto-rebalance" -> "rebalance";
            // a proposal's own life (propose, expire, wave, done), or a move of an applied one
            case "proposal" -> d.subject() != null && d.subject().contains(":") ? "rebalance" : "proposal";
            case "maintenance" -> "maintenance";
            case "placement-rule" -> "placement";
            case "disarm", "lrm-modes" -> "arm";
            case "config" -> "config";
            case "command" -> action.startsWith("reject ") ? "refused"
                    : action.startsWith("maintenance ") ? "maintenance"
                    : action.equals("arm") || action.startsWith("disarm") ? "arm" : "command";
            case "state-machine" -> switch (next) {
                case "fence" -> "fence";
                case "recovery" -> "recovery";
                case "migrate" -> "migrate";
                case "relocate" -> "relocate";
                case "started", "request_start", "request_start_balance" -> "start";
                case "stopped", "request_stop" -> "stop";
                case "error" -> "error";
                case "freeze" -> "freeze";
                default -> "other";
            };
            default -> "other";
        };
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    /** A bare value, quoted only when it would break the key=value layout; {@code -} when missing. */
    static String token(Object value) {
        if (value == null || value.toString().isEmpty()) {
            return "-";
        }
        String s = value.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == '"' || c == '=' || c == '\\') {
                return quote(s);
            }
        }
        return s;
    }

    /** Always quoted; {@code "} and {@code \} escaped, line breaks and other control characters as spaces. */
    static String quote(Object value) {
        String s = value == null ? "" : value.toString();
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < ' ') {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
