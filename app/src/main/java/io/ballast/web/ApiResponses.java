package io.ballast.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * What the endpoints answer, for the OpenAPI description only: the controllers build their answers as maps (the
 * single place each answer is assembled stays the controller or service), and these records name the same keys with
 * their meaning and a realistic example. OpenApiContractTest compares the top-level keys of real answers with
 * these schemas, so a key added in the code without a line here fails the build.
 */
public final class ApiResponses {

    private ApiResponses() {
    }

    // ---- status

    @Schema(name = "Status", description = "The cluster at a glance, every state once (docs/api.md#status)")
    public record Status(
            @Schema(description = "the Ballast instance acting as manager (leader lease)") Manager manager,
            @Schema(description = "the cluster node acting as HA master") Master master,
            @Schema(description = "the simulated cluster's clock, seconds (simulated mode, active manager only)",
                    example = "340") Long cluster_time,
            List<StatusNode> nodes,
            List<StatusResource> resources,
            @Schema(description = "configured mode and, in simulated mode, the figures the rebalancer compares")
            StatusCrs crs,
            StatusArm arm,
            @Schema(description = "the 20 newest decisions, newest first") List<StatusEvent> events) {
    }

    @Schema(name = "ManagerLease", description = "Which Ballast instance is the active manager")
    public record Manager(
            @Schema(description = "instance holding an unexpired lease; null during a takeover",
                    example = "pve-a-4711-3fa9c1") String leader,
            @Schema(description = "lease term, grows by one at every acquisition", example = "7") long term,
            @Schema(description = "when this term was acquired (database clock)", example = "2026-12-02T09:29:29.548Z")
            String since,
            @Schema(description = "when the lease runs out unless renewed", example = "2026-12-02T09:31:02.114Z")
            String expires_at,
            @Schema(description = "this instance's ballast.instance.id", example = "pve-a-4711-3fa9c1") String self,
            @Schema(example = "true") boolean self_is_leader,
            @Schema(allowableValues = {"simulated", "proxmox", "standby", "off"}, example = "simulated") String mode) {
    }

    @Schema(name = "Master", description = "The cluster node acting as HA master")
    public record Master(
            @Schema(example = "node1") String node,
            @Schema(allowableValues = {"active", "lost", "none"}, example = "active") String state,
            @Schema(description = "node that ran the last manager round", example = "node1") String last_round_by,
            @Schema(description = "cluster time of the last round", example = "320") Long last_round_time,
            @Schema(description = "seconds since the last round", example = "20") Long last_round_age_s,
            @Schema(description = "why the state is lost or none") String note) {
    }

    @Schema(name = "StatusNode", description = "A node as the manager's last round left it, with what the service observes")
    public record StatusNode(
            @Schema(example = "node1") String node,
            @Schema(allowableValues = {"online", "maintenance", "unknown", "fence", "gone"}, example = "online")
            String state,
            @Schema(description = "maintenance requested") boolean maintenance,
            @Schema(description = "an operator confirmed it is powered off") boolean off_confirmed,
            @Schema(description = "when it entered its state (time of last_decision)",
                    example = "2026-12-02T17:05:03Z") String since,
            @Schema(description = "only while maintenance is requested or active") Drain drain,
            @Schema(description = "simulated mode", allowableValues = {"on", "off"}) String power,
            @Schema(description = "simulated mode", allowableValues = {"on", "off"}) String network,
            @Schema(description = "simulated mode: a quorate member now; Proxmox mode: online in the last observation")
            Boolean member,
            @Schema(description = "simulated mode: CRM state", example = "master") String crm,
            @Schema(description = "simulated mode: LRM state", example = "active") String lrm,
            @Schema(description = "simulated mode", example = "active") String lrm_mode,
            @Schema(description = "set when the node is no member but the last round still counts it in") String note,
            @Schema(description = "Proxmox mode: why the node's CPU and memory figures could not be read")
            String figures_stale,
            Decision last_decision) {
    }

    @Schema(name = "Drain", description = "Maintenance progress of a node")
    public record Drain(@Schema(example = "[\"vm:101\"]") List<String> resources_left,
                        @Schema(description = "requested, draining: N left, evacuation blocked: ..., drained",
                                example = "draining: 1 left") String progress) {
    }

    @Schema(name = "Decision", description = "The manager's decision behind a state (its time is the entry's since)")
    public record Decision(@Schema(example = "17") long round,
                           @Schema(example = "fence-acknowledged") String trigger,
                           @Schema(example = "recover to node2") String action,
                           @Schema(example = "node node1 was fenced") String explanation) {
    }

    @Schema(name = "StatusResource", description = "A resource as the manager's last round left it")
    public record StatusResource(
            @Schema(example = "vm:100") String sid,
            @Schema(description = "configured state", example = "started") String requested_state,
            @Schema(description = "the manager's state; queued until it has seen the resource", example = "started")
            String state,
            @Schema(example = "node2") String node,
            @Schema(description = "while moving") String target,
            @Schema(example = "2026-12-02T17:05:03Z") String since,
            @Schema(description = "why it is in its state and on its node",
                    example = "running on node2; on node2 since 2026-12-02T17:05:03Z: recover to node2 (node node1 was fenced)")
            String reason,
            Decision last_decision) {
    }

    @Schema(name = "StatusCrs", description = "CRS mode, and the usage the rebalancer compares (simulated mode)")
    public record StatusCrs(
            @Schema(description = "configured mode", example = "static") String ha,
            @Schema(description = "mode in use", example = "static") String mode,
            @Schema(description = "CV/sqrt(N-1)", example = "0.12") Double imbalance,
            @Schema(example = "0.17") Double cv,
            @Schema(example = "0.3") Double threshold,
            @Schema(description = "node → load (max of CPU and memory share; resources in basic mode)")
            Map<String, Double> node_loads,
            @Schema(description = "node → CPU load 0-1") Map<String, Double> node_cpu,
            @Schema(description = "node → memory load 0-1") Map<String, Double> node_mem,
            @Schema(example = "balanced (imbalance 0.12 <= threshold 0.30)") String auto_rebalance) {
    }

    @Schema(name = "StatusArm", description = "Arm state: as requested over the API, and as the manager has it")
    public record StatusArm(
            @Schema(description = "as requested over the API") boolean armed,
            @JsonProperty("resource-mode") @Schema(allowableValues = {"freeze", "ignore"}) String resourceMode,
            @Schema(description = "as the manager has it", allowableValues = {"armed", "disarming", "disarmed"})
            String state) {
    }

    @Schema(name = "StatusEvent", description = "One decision of the manager")
    public record StatusEvent(
            @Schema(example = "2026-12-02T17:05:03Z") String at,
            @Schema(example = "17") long round,
            @Schema(example = "340") Long cluster_time,
            @Schema(example = "vm:100") String subject,
            @Schema(example = "fence -> recovery") String action,
            @Schema(description = "state before") Map<String, Object> from,
            @Schema(description = "state after") Map<String, Object> to,
            @Schema(example = "fence-acknowledged") String trigger,
            String explanation) {
    }

    @Schema(name = "ImbalanceHistory", description = "Imbalance of the last 180 committed rounds, oldest first")
    public record ImbalanceHistory(List<ImbalancePoint> rounds) {
    }

    @Schema(name = "ImbalancePoint")
    public record ImbalancePoint(@Schema(description = "epoch ms", example = "1764694800000") long at,
                                 @Schema(example = "0.12") double imbalance,
                                 @Schema(example = "0.3") double threshold) {
    }

    @Schema(name = "ArmChange", description = "The arm state after the change")
    public record ArmChange(@Schema(example = "true") boolean disarmed,
                            @JsonProperty("resource-mode") @Schema(description = "on disarm",
                                    allowableValues = {"freeze", "ignore"}) String resourceMode) {
    }

    // ---- resources, rules, crs

    @Schema(name = "Resource", description = "An HA resource (resources.cfg keys) and its digest",
            example = "{\"sid\":\"vm:100\",\"type\":\"vm\",\"state\":\"started\",\"max_restart\":1,\"max_relocate\":1,"
                    + "\"failback\":true,\"rebalance\":true,\"comment\":\"web server\","
                    + "\"digest\":\"3f786850e387550fdab836ed7e6dc881de23001b\"}")
    public record Resource(
            @Schema(example = "vm:100") String sid,
            @Schema(allowableValues = {"vm", "ct"}) String type,
            @Schema(allowableValues = {"started", "stopped", "ignored", "disabled"}) String state,
            int max_restart,
            int max_relocate,
            boolean failback,
            boolean rebalance,
            String comment,
            @Schema(description = "SHA-1 of the configuration; send it back (or If-Match) to update safely")
            String digest,
            @Schema(description = "only on writes with crs admission = warn that break N+1") List<String> warnings) {
    }

    @Schema(name = "Rule", description = "An HA rule (rules.cfg keys), its digest, and what the checks make of it",
            example = "{\"rule\":\"web-on-node1\",\"type\":\"node-affinity\",\"resources\":\"vm:100\","
                    + "\"nodes\":\"node1:2,node2\",\"strict\":false,\"disable\":false,"
                    + "\"comment\":\"prefer node1, node2 as fallback\",\"order\":1,"
                    + "\"digest\":\"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678\",\"state\":\"enabled\","
                    + "\"errors\":{},\"warnings\":{}}")
    public record Rule(
            @Schema(example = "web-on-node1") String rule,
            @Schema(allowableValues = {"node-affinity", "resource-affinity"}) String type,
            @Schema(description = "comma-separated sids", example = "vm:100") String resources,
            @Schema(description = "node-affinity only", example = "node1:2,node2") String nodes,
            @Schema(description = "node-affinity only") Boolean strict,
            @Schema(description = "resource-affinity only", allowableValues = {"positive", "negative"}) String affinity,
            boolean disable,
            String comment,
            int order,
            String digest,
            @Schema(allowableValues = {"enabled", "disabled", "ignored (conflicts)"}) String state,
            @Schema(description = "failed feasibility check → reason (empty when the rule is kept)")
            Map<String, String> errors,
            @Schema(description = "lint code → message, the rule is kept (admission: breaks N+1)")
            Map<String, String> warnings) {
    }

    // ---- nodes, commands

    @Schema(name = "Node", description = "A cluster node as configured, with the manager's state")
    public record Node(@Schema(example = "node1") String node,
                       @Schema(allowableValues = {"online", "maintenance", "unknown", "fence", "gone"}) String state,
                       @Schema(description = "maintenance requested") boolean maintenance,
                       @Schema(description = "an operator confirmed it is powered off") boolean off_confirmed) {
    }

    @Schema(name = "MaintenanceChange")
    public record MaintenanceChange(@Schema(example = "node2") String node, boolean maintenance) {
    }

    @Schema(name = "OffConfirmation")
    public record OffConfirmation(@Schema(example = "node3") String node, boolean off_confirmed,
                                  @Schema(description = "the manager's node state", example = "unknown") String state) {
    }

    @Schema(name = "QueuedCommand", description = "A command the manager takes in its next round")
    public record QueuedCommand(@Schema(example = "42") long id,
                                @Schema(example = "vm:100") String sid,
                                @Schema(allowableValues = {"migrate", "relocate", "stop"}) String command,
                                @Schema(description = "target (migrate, relocate)", example = "node2") String node,
                                @Schema(description = "seconds (stop)") Integer timeout,
                                @Schema(description = "listed commands: the token that queued it") String actor,
                                @Schema(description = "listed commands") String queued_at,
                                @Schema(description = "a target outside the best priority class of a non-strict rule")
                                List<String> warnings) {
    }

    // ---- what-if, headroom, placement

    @Schema(name = "WhatIfAnswer", description = "What the manager would do; nothing changed",
            example = "{\"events\":[\"power node3 off\"],\"completed\":true,\"simulated_seconds\":720,"
                    + "\"moves\":[{\"sid\":\"vm:100\",\"from\":\"node3\",\"to\":\"node2\",\"state\":\"started\"}],"
                    + "\"not_running\":[{\"sid\":\"vm:101\",\"node\":\"node3\",\"state\":\"recovery\"}],"
                    + "\"stayed\":[{\"sid\":\"vm:102\",\"node\":\"node1\"}],\"imbalance_after\":0.0,"
                    + "\"log\":[\"info    120      cmdlist: execute power node3 off\"]}")
    public record WhatIfAnswer(
            @Schema(description = "the events as simulator commands") List<String> events,
            @Schema(description = "false when the simulation stopped before it settled") boolean completed,
            @Schema(description = "why it did not complete") String error,
            long simulated_seconds,
            List<WhatIfMove> moves,
            @Schema(description = "resources requested started that would not run") List<WhatIfDown> not_running,
            List<WhatIfStay> stayed,
            @Schema(description = "on the nodes still online (0 in basic mode)") Double imbalance_after,
            @Schema(description = "the manager's log from the first event on") List<String> log) {
    }

    @Schema(name = "WhatIfMove", description = "A resource that would end on another node")
    public record WhatIfMove(@Schema(example = "vm:100") String sid, @Schema(example = "node3") String from,
                             @Schema(example = "node2") String to, @Schema(example = "started") String state,
                             @Schema(description = "as GET /resources/{sid}/placement") Placement placement) {
    }

    @Schema(name = "WhatIfDown", description = "A resource requested started that would not run")
    public record WhatIfDown(@Schema(example = "vm:101") String sid, @Schema(example = "node3") String node,
                             @Schema(example = "recovery") String state, Placement placement) {
    }

    @Schema(name = "WhatIfStay", description = "A resource that would end where it is")
    public record WhatIfStay(@Schema(example = "vm:102") String sid, @Schema(example = "node1") String node) {
    }

    @Schema(name = "Headroom", description = "N+1: what each node's failure or maintenance would leave behind",
            example = "{\"n_plus_1\":false,\"failures_not_survived\":[\"node3\"],\"nodes\":{\"node3\":{\"fail\":"
                    + "{\"not_recovered\":[\"vm:101\"],\"moves\":1,\"imbalance_after\":0.0,\"completed\":true},"
                    + "\"maintenance\":{\"not_moved\":[\"vm:101\"],\"moves\":1,\"completed\":true}}}}")
    public record Headroom(@Schema(description = "no single node's failure leaves a resource down") boolean n_plus_1,
                           List<String> failures_not_survived,
                           @Schema(description = "node → answers") Map<String, HeadroomNode> nodes) {
    }

    @Schema(name = "HeadroomNode", description = "One node: if it failed, and if it went into maintenance")
    public record HeadroomNode(HeadroomFail fail, HeadroomMaintenance maintenance) {
    }

    @Schema(name = "HeadroomFail")
    public record HeadroomFail(List<String> not_recovered, int moves, Double imbalance_after, boolean completed) {
    }

    @Schema(name = "HeadroomMaintenance")
    public record HeadroomMaintenance(List<String> not_moved, int moves, boolean completed) {
    }

    @Schema(name = "Placement", description = "Why a resource is where it is, or where it would go now")
    public record Placement(@Schema(example = "vm:101") String sid, @Schema(example = "started") String state,
                            @Schema(example = "node1") String current,
                            @Schema(description = "the node the selection picks now", example = "node1") String chosen,
                            @Schema(example = "stays on node1: allowed, in the preferred class") String decision,
                            @Schema(example = "2") Integer preferred_class, boolean fails_back,
                            List<String> must_move, String return_target, String blocked,
                            List<PlacementNode> nodes) {
    }

    @Schema(name = "PlacementNode", description = "One node as the placement sees it")
    public record PlacementNode(@Schema(example = "node2") String node, boolean allowed, Integer priority,
                                boolean preferred, @Schema(description = "lower is better") Double score,
                                @Schema(example = "[\"H2: node is in maintenance\"]") List<String> reasons,
                                List<String> rules) {
    }

    // ---- proposals

    @Schema(name = "Proposal", description = "A rebalancing plan an operator applies or dismisses",
            example = "{\"id\":\"p120-8b128724\",\"state\":\"proposed\",\"created_at\":\"2026-12-02T17:28:25.731Z\","
                    + "\"round\":4,\"cluster_time\":120,\"method\":\"bruteforce\",\"imbalance_before\":0.375,"
                    + "\"imbalance_after\":0.26,\"moves\":1,\"memory\":34359738368,\"waves\":[{\"wave\":1,\"moves\":"
                    + "[{\"sid\":\"vm:9101\",\"members\":[\"vm:9101\"],\"from\":\"node1\",\"to\":\"node2\","
                    + "\"kind\":\"migrate\",\"memory\":34359738368,\"reason\":\"bruteforce: best single move\"}],"
                    + "\"imbalance_after\":0.26}],\"waves_started\":0,"
                    + "\"basis\":\"p=8b128724e0eead04;c=fd04041d83b6cdc3;u=44346818285b2ffc\","
                    + "\"expires_reason\":null,\"decided_by\":null,\"decided_at\":null,\"finished_at\":null}")
    public record Proposal(
            @Schema(example = "p120-8b128724") String id,
            @Schema(allowableValues = {"proposed", "applied", "dismissed", "expired", "done"}) String state,
            String created_at,
            long round,
            @Schema(description = "cluster time it was computed at") long cluster_time,
            @Schema(allowableValues = {"bruteforce", "topsis", "plan", "failback"}) String method,
            double imbalance_before,
            @Schema(description = "expected after the last wave") double imbalance_after,
            @Schema(description = "number of moves") int moves,
            @Schema(description = "bytes moved") long memory,
            List<ProposalWave> waves,
            int waves_started,
            @Schema(description = "fingerprint of placement, configuration and usage it was computed on") String basis,
            String expires_reason,
            @Schema(description = "the token that applied or dismissed it") String decided_by,
            String decided_at,
            String finished_at) {
    }

    @Schema(name = "ProposalWave", description = "Moves that run together; the next wave starts once they finished")
    public record ProposalWave(int wave, List<ProposalMove> moves,
                               @Schema(description = "expected once this wave is done") double imbalance_after) {
    }

    @Schema(name = "ProposalMove", description = "One migration (live) or relocation (stop and start) of a proposal")
    public record ProposalMove(@Schema(example = "vm:9101") String sid,
                               @Schema(description = "a keep-together group moving with it") List<String> members,
                               String from, String to,
                               @Schema(allowableValues = {"migrate", "relocate"}) String kind,
                               @Schema(description = "bytes") long memory, String reason) {
    }

    // ---- audit

    @Schema(name = "AuditPage", description = "Audit rows newest first and the cursor of the next page")
    public record AuditPage(List<AuditRow> events,
                            @Schema(description = "pass as before for the next page; null when nothing older matches")
                            Long next_before) {
    }

    @Schema(name = "AuditRow", description = "One audit row (docs/audit.md)", example = "{\"id\":57,"
            + "\"at\":\"2026-12-02T17:05:03Z\",\"type\":\"config\",\"kind\":\"config\",\"actor\":\"alice\","
            + "\"actor_note\":null,\"entity_type\":\"resource\",\"entity_id\":\"vm:100\",\"operation\":\"update\","
            + "\"before\":{\"state\":\"started\",\"max_restart\":1},\"after\":{\"state\":\"started\","
            + "\"max_restart\":2},\"round\":null,\"rule_base_version\":null,\"explanation\":null}")
    public record AuditRow(long id, String at,
                           @Schema(allowableValues = {"config", "decision", "action"}) String type,
                           @Schema(description = "decision kind (fence, recovery, migrate, ...) or the row type")
                           String kind,
                           @Schema(description = "token name; ha-manager for decisions") String actor,
                           String actor_note, String entity_type, String entity_id,
                           @Schema(description = "config: create, update, ...; decision: its trigger") String operation,
                           Map<String, Object> before, Map<String, Object> after, Long round,
                           String rule_base_version, Map<String, Object> explanation) {
    }

    // ---- rule base, import, tokens, session, simulation, proxmox

    @Schema(name = "RuleBase", description = "The active DRL rule base and the last reload")
    public record RuleBase(@Schema(description = "content hash of the DRL files") String version,
                           String loaded_at,
                           @Schema(description = "ballast.rules.dir, or packaged") String directory,
                           boolean packaged, List<String> files, int rule_count,
                           RuleBaseReload last_reload,
                           @Schema(description = "reload answers only") Boolean changed) {
    }

    @Schema(name = "RuleBaseReload")
    public record RuleBaseReload(String at, @Schema(allowableValues = {"api", "file-change"}) String trigger,
                                 boolean ok, boolean changed, List<DrlError> errors) {
    }

    @Schema(name = "DrlError")
    public record DrlError(String file, Integer line, Integer column, String message) {
    }

    @Schema(name = "ImportResult", description = "What an import created, skipped and changed (a dry run: would)",
            example = "{\"dry_run\":false,\"created_resources\":[\"vm:200\"],"
            + "\"created_rules\":[\"vm200-on-node2\"],\"crs\":{\"ha\":\"static\"},\"crs_changes\":[{\"setting\":"
            + "\"ha\",\"from\":\"basic\",\"to\":\"static\"}],\"skipped\":[]}")
    public record ImportResult(boolean dry_run, List<String> created_resources, List<String> created_rules,
                               @Schema(description = "the CRS settings after the import") ApiDocs.CrsBody crs,
                               List<CrsChange> crs_changes,
                               @Schema(example = "[\"vm:101: already configured\"]") List<String> skipped,
                               @Schema(description = "crs admission = warn: what the import broke") List<String> warnings) {
    }

    @Schema(name = "CrsChange", description = "A CRS setting the import's crs: line changes")
    public record CrsChange(@Schema(example = "ha-auto-rebalance") String setting, Object from, Object to) {
    }

    @Schema(name = "Token", description = "An API token; never its secret, except token once on create")
    public record Token(@Schema(example = "alice") String name,
                        @Schema(allowableValues = {"viewer", "operator", "admin"}) String role,
                        @Schema(example = "0123456789abcdef") String id, String created_at, String created_by,
                        @Schema(description = "create only, shown this once", example = "blst_0123456789abcdef_secret")
                        String token) {
    }

    @Schema(name = "Session", description = "Who is signed in, and the CSRF token that cookie-authenticated writes send")
    public record Session(@Schema(example = "alice") String name, @Schema(example = "operator") String role,
                          @Schema(example = "X-CSRF-TOKEN") String csrf_header, String csrf_token) {
    }

    @Schema(name = "SimulatedSwitch", description = "Power or network of a simulated node, from the next round")
    public record SimulatedSwitch(@Schema(example = "node3") String node,
                                  @Schema(allowableValues = {"on", "off"}) String power,
                                  @Schema(allowableValues = {"on", "off"}) String network,
                                  @Schema(example = "next round") String applies) {
    }

    @Schema(name = "InjectedFailuresSet")
    public record InjectedFailuresSet(@Schema(example = "vm:100") String sid, int start, int migrate, boolean stop) {
    }

    @Schema(name = "SimulatedUsageSet")
    public record SimulatedUsageSet(@Schema(example = "vm:100") String sid, @Schema(example = "next round") String applies) {
    }

    @Schema(name = "SimulationLog", description = "The simulator's log lines from since on")
    public record SimulationLog(long since, @Schema(description = "pass as since for the next lines") long next,
                                List<String> lines) {
    }

    @Schema(name = "ProxmoxView", description = "What the service sees of a real Proxmox VE cluster")
    public record ProxmoxView(String url, String token_id, boolean acting, String error, Boolean quorate,
                              List<Map<String, Object>> nodes, List<Map<String, Object>> guests,
                              List<Map<String, Object>> running_tasks, List<String> warnings,
                              Map<String, String> refused, Map<String, Object> last_round) {
    }
}
