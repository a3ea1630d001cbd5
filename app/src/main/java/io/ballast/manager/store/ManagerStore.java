package io.ballast.manager.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.ballast.command.CrmCommandEntity;
import io.ballast.command.CrmCommandRepository;
import io.ballast.core.CrmCommand;
import io.ballast.core.Decision;
import io.ballast.core.ManagerStatus;
import io.ballast.core.ServiceStatus;
import io.ballast.crs.CrsSettingsEntity;
import io.ballast.crs.CrsSettingsRepository;
import io.ballast.node.NodeEntity;
import io.ballast.node.NodeRepository;
import io.ballast.node.NodeRequestEntity;
import io.ballast.node.NodeRequestRepository;
import io.ballast.resource.ResourceEntity;
import io.ballast.resource.ResourceRepository;
import io.ballast.rule.RuleConfig;
import io.ballast.rule.RuleEntity;
import io.ballast.rule.RuleRepository;
import io.ballast.rules.pve.CrsConfig;
import io.ballast.status.ArmStateEntity;
import io.ballast.status.ArmStateRepository;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the configuration the manager loop needs from the database and persists what each round
 * produced (manager status tables, decision audit rows). Callers provide the transaction.
 */
@Component
public class ManagerStore {

    /** One configured HA resource. */
    public record Resource(String sid, String state, int maxRestart, int maxRelocate, boolean failback) {
    }

    /** CRS and agent settings. */
    public record Settings(CrsConfig crs, String shutdownPolicy, int maxWorkers) {
    }

    /** A queued admin command. */
    public record Command(long id, String sid, String command, String targetNode, Integer timeout) {

        /** The command as the decision core reads it. */
        public CrmCommand coreCommand() {
            return command.equals("stop") ? new CrmCommand.Stop(sid, timeout == null ? 0 : timeout)
                    : new CrmCommand.Move(command, sid, targetNode);
        }

        /** The command in the simulator's cmdlist syntax. */
        public String cmdlist() {
            return command.equals("stop") ? "service " + sid + " stop " + (timeout == null ? 0 : timeout)
                    : "service " + sid + " " + command + " " + targetNode;
        }
    }

    /** Desired arm state as set through the API. */
    public record Arm(boolean disarmed, String mode) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final NodeRepository nodes;
    private final ResourceRepository resources;
    private final RuleRepository rules;
    private final CrsSettingsRepository crs;
    private final NodeRequestRepository requests;
    private final ArmStateRepository armState;
    private final CrmCommandRepository commands;
    private final DecisionLog decisionLog;
    private final NotificationOutbox outbox;

    // configuration is read through the JPA repositories; the per-round status is written with JDBC (bulk replace)
    ManagerStore(JdbcTemplate jdbc, ObjectMapper json, NodeRepository nodes, ResourceRepository resources,
            RuleRepository rules, CrsSettingsRepository crs, NodeRequestRepository requests,
            ArmStateRepository armState, CrmCommandRepository commands, DecisionLog decisionLog,
            NotificationOutbox outbox) {
        this.decisionLog = decisionLog;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.json = json;
        this.nodes = nodes;
        this.resources = resources;
        this.rules = rules;
        this.crs = crs;
        this.requests = requests;
        this.armState = armState;
        this.commands = commands;
    }

    public List<String> nodes() {
        return nodes.findAllByOrderByNameAsc().stream().map(NodeEntity::getName).toList();
    }

    public List<Resource> resources() {
        return resources.findAll(Sort.by("sid")).stream().map(ResourceEntity::toConfig)
                .map(r -> new Resource(r.sid(), r.state(), r.maxRestart(), r.maxRelocate(), r.failback())).toList();
    }

    /** The rules as Proxmox rules.cfg text (parsed with the same parser as the kit's cases). */
    public String rulesText() {
        StringBuilder out = new StringBuilder();
        for (RuleEntity entity : rules.findAllOrdered()) {
            RuleConfig r = entity.toConfig();
            out.append(r.type()).append(": ").append(r.id()).append('\n');
            out.append("\tresources ").append(String.join(",", r.resources())).append('\n');
            if (r.nodeAffinity()) {
                List<String> prio = r.nodes().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toList();
                out.append("\tnodes ").append(String.join(",", prio)).append('\n');
                if (r.strict()) {
                    out.append("\tstrict 1\n");
                }
            } else {
                out.append("\taffinity ").append(r.affinity()).append('\n');
            }
            if (r.disable()) {
                out.append("\tdisable 1\n");
            }
            out.append('\n');
        }
        lastRulesText = out.toString();
        return lastRulesText;
    }

    private volatile String lastRulesText;

    /** The rules text the last {@link #rulesText()} read (null before): for the rule-base metric, no query. */
    public String lastRulesText() {
        return lastRulesText;
    }

    public Settings settings() {
        CrsSettingsEntity r = crs.settings();
        return new Settings(r.toCrsConfig(), r.getShutdownPolicy(), r.getMaxWorkers());
    }

    public Set<String> maintenanceRequests() {
        return requests.findAll().stream().filter(NodeRequestEntity::isMaintenance).map(NodeRequestEntity::getNode)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public Arm arm() {
        ArmStateEntity a = armState.current();
        return new Arm(a.isDisarmed(), a.getResourceMode());
    }

    /**
     * Pending admin commands in the order they were queued, left pending: the round that consumes them marks them
     * ({@link #consume}) in the transaction that persists what they caused.
     */
    public List<Command> pendingCommands() {
        List<Command> cmds = new ArrayList<>();
        for (CrmCommandEntity c : commands.findByConsumedAtIsNullOrderByIdAsc()) {
            cmds.add(new Command(c.getId(), c.getSid(), c.getCommand(), c.getTargetNode(), c.getTimeout()));
        }
        return cmds;
    }

    /** Marks commands consumed by a persisted round. */
    public void consume(List<Long> ids) {
        for (Long id : ids) {
            jdbc.update("UPDATE crm_command SET consumed_at = now() WHERE id = ? AND consumed_at IS NULL", id);
        }
    }

    /** The persisted manager status in the kit's manager_status JSON shape (empty map for a fresh start). */
    public Map<String, Object> managerStatusJson() {
        return managerStatusJson(false);
    }

    /**
     * The manager status exactly as the last round persisted it: what a restarted or newly elected manager on a real
     * cluster continues from (its agents keep their state, so disarm and maintenance are taken as they were).
     */
    public ManagerStatus managerStatus() {
        return io.ballast.sim.ManagerStatusJson.read("database", managerStatusJson(true));
    }

    /**
     * @param exact true: the manager's own maintenance set and disarm state as persisted; false: the simulator's
     *              seed, whose fresh agents re-check a disarm ("disarming") and re-enter the operator's maintenance
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> managerStatusJson(boolean exact) {
        Map<String, Object> services = new TreeMap<>();
        for (Map<String, Object> r : jdbc.queryForList("SELECT * FROM service_status ORDER BY sid")) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("state", r.get("state"));
            s.put("node", r.get("node"));
            putIf(s, "target", r.get("target"));
            putIf(s, "uid", r.get("uid"));
            if (Boolean.TRUE.equals(r.get("running"))) {
                s.put("running", 1);
            }
            putIf(s, "failed_nodes", readJson(r.get("failed_nodes")));
            putIf(s, "maintenance_node", r.get("maintenance_node"));
            putIf(s, "cmd", readJson(r.get("cmd")));
            putIf(s, "timeout", r.get("timeout"));
            services.put((String) r.get("sid"), s);
        }
        Map<String, Object> nodes = new TreeMap<>();
        jdbc.queryForList("SELECT node, state FROM node_status").forEach(r -> nodes.put((String) r.get("node"), r.get("state")));
        Arm arm = arm();
        Map<String, Object> state = jdbc.queryForMap("SELECT rebalance_hold_counter, master_node, cluster_time,"
                + " maintenance, disarm FROM manager_state WHERE id = 1");
        Number held = (Number) state.get("rebalance_hold_counter");
        int hold = held == null ? 0 : held.intValue();
        if (services.isEmpty() && nodes.isEmpty() && !arm.disarmed() && hold == 0) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> ms = new LinkedHashMap<>();
        Object disarm = exact ? readJson(state.get("disarm")) : null;
        if (exact && state.get("master_node") != null) {
            ms.put("master_node", state.get("master_node"));
        }
        if (exact && state.get("cluster_time") != null) {
            ms.put("timestamp", state.get("cluster_time"));
        }
        if (disarm != null) {
            ms.put("disarm", disarm);
        } else if (arm.disarmed() && !exact) {
            // the manager re-checks the agents and reaches "disarmed" again on its own
            ms.put("disarm", Map.of("mode", arm.mode() == null ? "freeze" : arm.mode(), "state", "disarming"));
        }
        ms.put("service_status", services);
        ms.put("node_status", nodes);
        Map<String, Object> requests = new TreeMap<>();
        Object held2 = exact ? readJson(state.get("maintenance")) : null;
        java.util.Collection<String> maintenance = held2 instanceof List<?> l ? (List<String>) l
                : maintenanceRequests();
        maintenance.forEach(n -> requests.put(n, Map.of("maintenance", 1)));
        ms.put("node_request", requests);
        if (hold > 0) {
            ms.put("rebalance_hold", hold);
        }
        return ms;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private Object readJson(Object column) {
        return column == null ? null : json.readValue(column.toString(), Object.class);
    }

    /** Seconds (database clock) since a round last persisted the manager status; null before the first. */
    public Long secondsSinceLastRound() {
        return jdbc.queryForObject("SELECT CASE WHEN round = 0 THEN NULL ELSE floor(extract(epoch FROM now() - updated_at))"
                + "::bigint END FROM manager_state WHERE id = 1", Long.class);
    }

    /** A manager round begins (before its configuration is read): the start of its duration metric. */
    public void roundStarting() {
        decisionLog.roundStarting();
    }

    /**
     * Replaces the status tables with the manager's latest status and bumps the round counter. The round's metrics
     * are recorded when the caller's transaction commits.
     */
    public long persist(ManagerStatus status, int rounds) {
        decisionLog.roundPersisting();
        jdbc.update("DELETE FROM service_status");
        for (var e : status.serviceStatus().entrySet()) {
            ServiceStatus s = e.getValue();
            List<Object> cmd = null;
            if (s.cmd() != null) {
                cmd = new ArrayList<>();
                cmd.add(s.cmd().action());
                cmd.add(s.cmd().isMove() ? s.cmd().node() : s.cmd().timeout());
            }
            jdbc.update("INSERT INTO service_status (sid, state, node, target, uid, running, failed_nodes,"
                            + " maintenance_node, cmd, timeout) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?)",
                    e.getKey(), s.state().key(), s.node(), s.target(), s.uid(), s.running(),
                    s.failedNodes().isEmpty() ? null : json.writeValueAsString(s.failedNodes()), s.maintenanceNode(),
                    cmd == null ? null : json.writeValueAsString(cmd), s.timeout());
        }
        jdbc.update("DELETE FROM node_status");
        status.nodeStatus().forEach((node, state) -> jdbc.update("INSERT INTO node_status (node, state) VALUES (?, ?)",
                node, state.key()));
        Map<String, Object> disarm = null;
        if (status.disarm() != null) {
            disarm = new LinkedHashMap<>();
            disarm.put("mode", status.disarm().mode());
            disarm.put("state", status.disarm().state());
        }
        jdbc.update("UPDATE manager_state SET round = round + ?, rebalance_hold_counter = ?, master_node = ?,"
                        + " cluster_time = ?, maintenance = ?::jsonb, disarm = ?::jsonb, updated_at = now() WHERE id = 1",
                rounds, status.rebalanceHold(), status.masterNode(), status.timestamp(),
                json.writeValueAsString(List.copyOf(status.maintenanceRequests())),
                disarm == null ? null : json.writeValueAsString(disarm));
        Long round = jdbc.queryForObject("SELECT round FROM manager_state WHERE id = 1", Long.class);
        return round == null ? 0 : round;
    }

    // ---- the simulated cluster's hardware --------------------------------------------------------------------

    /** Power and network of one simulated node. */
    public record Hardware(boolean power, boolean network) {
    }

    /** The simulated nodes' hardware as last persisted (node → state); nodes never stored are absent. */
    public Map<String, Hardware> simHardware() {
        Map<String, Hardware> out = new TreeMap<>();
        jdbc.query("SELECT node, power, network FROM sim_node_hardware", rs -> {
            out.put(rs.getString("node"), new Hardware(rs.getBoolean("power"), rs.getBoolean("network")));
        });
        return out;
    }

    /** Stores the simulated nodes' hardware (in the caller's transaction, under the lease). */
    public void saveSimHardware(Map<String, Hardware> hardware) {
        jdbc.batchUpdate("INSERT INTO sim_node_hardware (node, power, network) VALUES (?, ?, ?) ON CONFLICT (node)"
                + " DO UPDATE SET power = EXCLUDED.power, network = EXCLUDED.network, updated_at = now()",
                hardware.entrySet().stream().map(e -> new Object[] {e.getKey(), e.getValue().power(),
                    e.getValue().network()}).toList());
    }

    // ---- the Proxmox agents' work -------------------------------------------------------------------------

    /** The agents' work as last persisted. */
    public List<io.ballast.proxmox.AgentTask> agentTasks() {
        return jdbc.query("SELECT * FROM agent_task ORDER BY uid", (r, i) -> new io.ballast.proxmox.AgentTask(
                r.getString("uid"), r.getString("sid"), r.getString("node"), r.getString("request"),
                r.getString("step"), r.getString("target"), (Integer) r.getObject("timeout"), r.getString("guest_lock"),
                io.ballast.proxmox.AgentTask.Phase.valueOf(r.getString("phase").toUpperCase(java.util.Locale.ROOT)),
                r.getString("upid"), r.getLong("posted_at"), r.getInt("tries"), (Integer) r.getObject("exit_code"),
                readUpids(r.getString("past_upids")), r.getLong("term")));
    }

    @SuppressWarnings("unchecked")
    private List<String> readUpids(String column) {
        return column == null ? List.of() : (List<String>) json.readValue(column, List.class);
    }

    /** Replaces the agents' work with a round's (in the transaction that persists the round). */
    public void replaceAgentTasks(List<io.ballast.proxmox.AgentTask> tasks) {
        jdbc.update("DELETE FROM agent_task");
        // one row per managed guest, every round: one batch, not a statement each
        jdbc.batchUpdate(SAVE_AGENT_TASK, tasks.stream().map(this::agentTaskRow).toList());
    }

    /** Saves one task's new state (an act-phase step, under the lease). */
    public void saveAgentTask(io.ballast.proxmox.AgentTask t) {
        jdbc.update(SAVE_AGENT_TASK, agentTaskRow(t));
    }

    private static final String SAVE_AGENT_TASK = "INSERT INTO agent_task (uid, sid, node, request, step, target,"
            + " timeout, guest_lock, phase, upid, posted_at, tries, exit_code, past_upids, term)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
            + " ON CONFLICT (uid) DO UPDATE SET sid = EXCLUDED.sid, node = EXCLUDED.node,"
            + " request = EXCLUDED.request, step = EXCLUDED.step, target = EXCLUDED.target,"
            + " timeout = EXCLUDED.timeout, guest_lock = EXCLUDED.guest_lock, phase = EXCLUDED.phase,"
            + " upid = EXCLUDED.upid, posted_at = EXCLUDED.posted_at, tries = EXCLUDED.tries,"
            + " exit_code = EXCLUDED.exit_code, past_upids = EXCLUDED.past_upids, term = EXCLUDED.term, updated_at = now()";

    private Object[] agentTaskRow(io.ballast.proxmox.AgentTask t) {
        return new Object[] {t.uid(), t.sid(), t.node(), t.request(), t.step(), t.target(), t.timeout(), t.lock(),
                t.phase().name().toLowerCase(java.util.Locale.ROOT), t.upid(), t.postedAt(), t.tries(), t.exitCode(),
                json.writeValueAsString(t.pastUpids()), t.term()};
    }

    /**
     * One audit row per decision: resource/node, before and after (state, node), trigger, explanation; and its log
     * line, written when the caller's transaction commits ({@link DecisionLog}).
     */
    public void auditDecision(long round, String ruleBaseVersion, String master, long simTime, Decision d, ManagerStatus before,
            ManagerStatus after) {
        boolean resource = d.subject() != null && d.subject().contains(":");
        Map<String, Object> from = place(before, d.subject(), resource);
        Map<String, Object> to = place(after, d.subject(), resource);
        // several transitions can share a round: a state change carries its own from/to place
        if (d.from() != null && d.to() != null) {
            from = place(d.from());
            to = place(d.to());
        }
        Map<String, Object> explanation = new LinkedHashMap<>();
        explanation.put("action", d.action());
        explanation.put("explanation", d.explanation());
        if (!d.policyRules().isEmpty()) {
            explanation.put("policy_rules", d.policyRules());
        }
        if (!d.configuredRules().isEmpty()) {
            explanation.put("configured_rules", d.configuredRules());
        }
        writeDecision(resource ? "resource" : "node", d.trigger(), round, ruleBaseVersion, master, simTime, d, from,
                to, explanation);
        outbox.decided(round, simTime, d, after);
    }

    /**
     * The one writer of the manager's decision rows (actor ha-manager; {@code operation} the trigger, or a
     * proposal's event): the audit row, with master and cluster time added to {@code explanation}, and the log line
     * of {@code d} once the caller's transaction commits.
     */
    public void writeDecision(String entityType, String operation, long round, String ruleBaseVersion, String master,
                              long clusterTime, Decision d, Map<String, Object> from, Map<String, Object> to,
                              Map<String, Object> explanation) {
        Map<String, Object> x = new LinkedHashMap<>(explanation);
        x.put("master", master);
        x.put("cluster_time", clusterTime);
        jdbc.update("INSERT INTO audit_event (kind, actor, entity_type, entity_id, operation, before, after, round,"
                        + " rule_base_version, explanation) VALUES ('decision', 'ha-manager', ?, ?, ?, ?::jsonb, ?::jsonb,"
                        + " ?, ?, ?::jsonb)",
                entityType, d.subject(), truncate(operation, 32),
                from == null ? null : json.writeValueAsString(from), to == null ? null : json.writeValueAsString(to),
                round, ruleBaseVersion, json.writeValueAsString(x));
        decisionLog.decided(round, d, from, to);
    }

    /** One decision as its audit row records it (what status shows as a transition). */
    public record DecisionRow(long id, java.time.Instant at, Long round, String subject, String trigger, String action,
            String explanation, Long clusterTime, Map<String, Object> before, Map<String, Object> after) {
    }

    private static final String DECISION_COLUMNS = "id, at, round, entity_id, operation, explanation->>'action' AS action,"
            + " explanation->>'explanation' AS why, (explanation->>'cluster_time')::bigint AS cluster_time, before, after";

    /**
     * The latest decision per subject ({@code entityType} resource or node) that changed its state or node: when and
     * why it got where it is (a refused command or a request changes neither). One indexed look-up per subject
     * (audit_event_entity), not a scan of the audit table.
     */
    public Map<String, DecisionRow> lastDecisions(String entityType, java.util.Collection<String> subjects) {
        return latest(entityType, subjects, " AND (a.before->>'state' IS DISTINCT FROM a.after->>'state'"
                + " OR a.before->>'node' IS DISTINCT FROM a.after->>'node')");
    }

    /** The latest decision per resource that brought it onto another node (recovery, migration, relocation). */
    public Map<String, DecisionRow> lastArrivals(java.util.Collection<String> sids) {
        return latest("resource", sids, " AND a.before->>'node' IS DISTINCT FROM a.after->>'node'");
    }

    private Map<String, DecisionRow> latest(String entityType, java.util.Collection<String> subjects, String filter) {
        Map<String, DecisionRow> out = new TreeMap<>();
        if (subjects.isEmpty()) {
            return out;
        }
        String sql = "SELECT d.* FROM unnest(?::text[]) AS s(subject) CROSS JOIN LATERAL (SELECT "
                + DECISION_COLUMNS
                + " FROM audit_event a WHERE a.entity_type = ? AND a.entity_id = s.subject AND a.kind = 'decision'"
                + filter + " ORDER BY a.at DESC, a.id DESC LIMIT 1) d";
        jdbc.query(sql, rs -> {
            DecisionRow row = decisionRow(rs);
            out.put(row.subject(), row);
        }, subjects.toArray(String[]::new), entityType);
        return out;
    }

    /** The newest decisions, newest first: the transitions status lists so that a fence shorter than a round shows. */
    public List<DecisionRow> recentDecisions(int limit) {
        return jdbc.query("SELECT " + DECISION_COLUMNS + " FROM audit_event WHERE kind = 'decision'"
                + " ORDER BY at DESC, id DESC LIMIT ?", (rs, i) -> decisionRow(rs), limit);
    }

    @SuppressWarnings("unchecked")
    private DecisionRow decisionRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        String before = rs.getString("before");
        String after = rs.getString("after");
        return new DecisionRow(rs.getLong("id"), rs.getTimestamp("at").toInstant(), (Long) rs.getObject("round"),
                rs.getString("entity_id"), rs.getString("operation"), rs.getString("action"), rs.getString("why"),
                (Long) rs.getObject("cluster_time"),
                before == null ? Map.of() : (Map<String, Object>) json.readValue(before, Map.class),
                after == null ? Map.of() : (Map<String, Object>) json.readValue(after, Map.class));
    }

    private static Map<String, Object> place(io.ballast.core.Decision.Place p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", p.state());
        out.put("node", p.node());
        if (p.target() != null) {
            out.put("target", p.target());
        }
        return out;
    }

    private static Map<String, Object> place(ManagerStatus status, String subject, boolean resource) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (resource) {
            ServiceStatus s = status.serviceStatus().get(subject);
            out.put("state", s == null ? null : s.state().key());
            out.put("node", s == null ? null : s.node());
            if (s != null && s.target() != null) {
                out.put("target", s.target());
            }
        } else {
            var state = status.nodeStatus().get(subject);
            out.put("state", state == null ? null : state.key());
        }
        return out;
    }

    private static String truncate(String s, int max) {
        return s == null ? "decision" : s.length() > max ? s.substring(0, max) : s;
    }

    /**
     * What every decision records: the DRL rule base it was validated with (first 16 hex digits of the
     * version {@code GET /api/v1/rule-base} reports) and the configured rules (SHA-1 prefix of their text).
     */
    public static String ruleBaseVersion(String drlVersion, String rulesText) {
        return "drl-" + drlVersion.substring(0, Math.min(16, drlVersion.length())) + "/" + ruleBaseVersion(rulesText);
    }

    /** Short content digest of the rules text. */
    static String ruleBaseVersion(String rulesText) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest(rulesText.getBytes(StandardCharsets.UTF_8));
            return "rules-" + HexFormat.of().formatHex(sha).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
