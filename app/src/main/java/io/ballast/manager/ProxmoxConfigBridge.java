package io.ballast.manager;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.ballast.core.Decision;
import io.ballast.core.ManagerStatus;
import io.ballast.node.NodeService;
import io.ballast.proxmox.ClusterObservation;
import io.ballast.proxmox.ProxmoxEnvironment;
import io.ballast.proxmox.RoundHooks;
import io.ballast.proxmox.RoundReport;
import io.ballast.rules.config.RuleSet;
import io.ballast.rules.pve.RulesCfgParser;

/**
 * Connects the Proxmox rounds to the configuration database ({@code ballast.cluster.mode=proxmox}): the
 * observed cluster members become the node table, and before each round the rules, CRS settings, maintenance
 * requests, arm state and queued admin commands edited through the REST API reach the manager, as they do in
 * the simulated cluster. After each round the manager status goes to the status tables and every decision
 * to the audit, with the rule-base version it was taken under.
 */
@Component
@ConditionalOnProperty(name = "ballast.cluster.mode", havingValue = "proxmox")
class ProxmoxConfigBridge implements RoundHooks {

    private static final Logger LOG = LoggerFactory.getLogger(ProxmoxConfigBridge.class);

    private final ManagerStore store;
    private final NodeService nodeService;
    private final TransactionTemplate tx;
    private Set<String> knownNodes = Set.of();
    private String rulesText;
    private RuleSet rules = RuleSet.EMPTY;
    private String ruleBaseVersion = ManagerStore.ruleBaseVersion("");

    ProxmoxConfigBridge(ManagerStore store, NodeService nodeService, TransactionTemplate tx) {
        this.store = store;
        this.nodeService = nodeService;
        this.tx = tx;
    }

    @Override
    public void observed(ClusterObservation observation) {
        Set<String> members = new TreeSet<>(observation.nodes().keySet());
        if (!members.equals(knownNodes)) {
            // nodes are never deleted here: a node that left may come back, and rules may still name it
            tx.executeWithoutResult(s -> nodeService.seed(List.copyOf(members)));
            knownNodes = members;
        }
    }

    @Override
    public void beforeRound(ProxmoxEnvironment env) {
        tx.executeWithoutResult(s -> {
            syncRules();
            env.setRules(rules, List.of());
            ManagerStore.Settings settings = store.settings();
            env.setCrs(settings.crs());
            env.setMaxWorkers(settings.maxWorkers());
            ManagerStatus status = env.status();
            List<String> pending = env.pendingCommands();
            Set<String> wanted = store.maintenanceRequests();
            for (String node : wanted) {
                if (!status.maintenanceRequests().contains(node)) {
                    queueOnce(env, pending, "enable-node-maintenance " + node);
                }
            }
            for (String node : status.maintenanceRequests()) {
                if (!wanted.contains(node)) {
                    queueOnce(env, pending, "disable-node-maintenance " + node);
                }
            }
            ManagerStore.Arm arm = store.arm();
            if (arm.disarmed() && status.disarm() == null) {
                queueOnce(env, pending, "disarm-ha " + (arm.mode() == null ? "freeze" : arm.mode()));
            } else if (!arm.disarmed() && status.disarm() != null) {
                queueOnce(env, pending, "arm-ha");
            }
            for (ManagerStore.Command c : store.takeCommands()) {
                env.submit(c.coreCommand());
            }
        });
    }

    /** Desired-state commands are re-derived every round; one that waits for a round must not be queued twice. */
    private static void queueOnce(ProxmoxEnvironment env, List<String> pending, String command) {
        if (!pending.contains(command)) {
            env.submit(command);
        }
    }

    private void syncRules() {
        String text = store.rulesText();
        if (text.equals(rulesText)) {
            return;
        }
        try {
            rules = text.isBlank() ? RuleSet.EMPTY : RulesCfgParser.parse("database rules", text);
            rulesText = text;
            ruleBaseVersion = ManagerStore.ruleBaseVersion(text);
        } catch (IllegalArgumentException e) {
            // the API validates rules; if something slipped through, keep deciding with the last good set
            LOG.warn("keeping the previous rules: {}", e.getMessage());
        }
    }

    @Override
    public void afterRound(ManagerStatus before, RoundReport report, String master) {
        ManagerStatus after = report.output().status();
        tx.executeWithoutResult(s -> {
            long round = store.persist(after, 1);
            for (Decision d : report.output().decisions()) {
                store.auditDecision(round, ruleBaseVersion, master, report.now(), d, before, after);
            }
        });
    }
}
