package io.ballast.metrics;


import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.ballast.core.RoundInput;
import io.ballast.lease.LeaderLease;
import io.ballast.manager.loop.ProxmoxConfigBridge;
import io.ballast.manager.loop.SimulatedCluster;
import io.ballast.manager.store.ManagerStore;
import io.ballast.rulebase.RuleBaseService;
import io.ballast.sim.LiveSimulation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Gauges read at scrape time (docs/operations.md#metrics): whether this instance is the active manager, the
 * cluster's imbalance and the rebalancing threshold, the queued admin commands (one indexed count), and the rule base
 * in use as an info-style gauge whose labels carry the version (refreshed after every committed round).
 */
@Component
public class ClusterGauges {

    private final MeterRegistry registry;
    private final RuleBaseService ruleBases;
    private final ManagerStore store;
    private volatile Gauge ruleBase;
    private volatile String ruleBaseVersion;

    public ClusterGauges(MeterRegistry registry, BallastMetrics metrics, JdbcTemplate jdbc,
            ObjectProvider<LeaderLease> lease, ObjectProvider<SimulatedCluster> simulated,
            ObjectProvider<ProxmoxConfigBridge> proxmox, RuleBaseService ruleBases, ManagerStore store) {
        this.registry = registry;
        this.ruleBases = ruleBases;
        this.store = store;
        Gauge.builder("ballast.leader", () -> {
            LeaderLease l = lease.getIfAvailable();
            return l == null || l.isLeader() ? 1 : 0;
        }).description("1 while this instance is the active manager (holds the lease), else 0").register(registry);
        Gauge.builder("ballast.commands.queued", () -> {
            Long n = jdbc.queryForObject("SELECT count(*) FROM crm_command WHERE consumed_at IS NULL", Long.class);
            return n == null ? 0 : n;
        }).description("Admin commands queued for the manager's next round").register(registry);
        Gauge.builder("ballast.imbalance", () -> usage(simulated, proxmox)[0])
                .description("Cluster imbalance the rebalancer compares (CRS usage model over the online nodes);"
                        + " NaN before the first round or on a standby")
                .register(registry);
        Gauge.builder("ballast.imbalance.threshold", () -> usage(simulated, proxmox)[1])
                .description("Automatic rebalancing threshold (ha-rebalance-threshold as a fraction)")
                .register(registry);
        refreshRuleBase();
        metrics.afterEveryRound(this::refreshRuleBase);
    }

    /** Re-registers the rule-base gauge when the version changed (only one series at a time). */
    synchronized void refreshRuleBase() {
        String drl = ruleBases.activeChecker().version();
        String rules = store.lastRulesText();
        String version = ManagerStore.ruleBaseVersion(drl, rules == null ? "" : rules);
        if (version.equals(ruleBaseVersion)) {
            return;
        }
        if (ruleBase != null) {
            registry.remove(ruleBase);
        }
        ruleBaseVersion = version;
        ruleBase = Gauge.builder("ballast.rule.base", () -> 1)
                .description("Rule base in use (always 1): version as in audit_event.rule_base_version; packaged"
                        + " true when the DRL is the one shipped in the jar")
                .tag("version", version)
                .tag("packaged", String.valueOf(RuleBaseService.isPackaged(ruleBases.activeChecker())))
                .strongReference(true).register(registry);
    }

    /** [imbalance, threshold] from the running manager, NaN when there is none. */
    static double[] usage(ObjectProvider<SimulatedCluster> simulated, ObjectProvider<ProxmoxConfigBridge> proxmox) {
        SimulatedCluster sim = simulated.getIfAvailable();
        LiveSimulation live = sim == null ? null : sim.live();
        if (live != null) {
            LiveSimulation.UsageView u = live.usage();
            return new double[] {u.imbalance(), u.threshold()};
        }
        ProxmoxConfigBridge bridge = proxmox.getIfAvailable();
        RoundInput in = bridge == null ? null : bridge.lastInput();
        if (in != null) {
            return new double[] {imbalance(in), in.crs().thresholdPercent() / 100.0};
        }
        return new double[] {Double.NaN, Double.NaN};
    }

    /** The imbalance of a round's input: the one usage computation the status and what-if answers use. */
    static double imbalance(RoundInput in) {
        return in.onlineMembers().isEmpty() ? Double.NaN : LiveSimulation.usageOf(in).imbalance();
    }
}
