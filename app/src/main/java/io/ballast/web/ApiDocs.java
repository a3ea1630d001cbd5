package io.ballast.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * What the write endpoints' JSON bodies look like, for the OpenAPI description only. The controllers still take
 * {@code Map} bodies and check Proxmox-style keys themselves (so every bad key is a field error, never a Jackson
 * message); these records describe the same keys, and the {@code *_EXAMPLE} strings are valid requests that
 * Swagger UI's "Try it out" pre-fills. OpenApiExamplesTest sends every example to a fresh service.
 */
public final class ApiDocs {

    private ApiDocs() {
    }

    // Examples: one consistent story, in the order OpenApiExamplesTest sends them (create vm:100, rule on it, move it)

    /** Examples of path and query parameters by name: the resource, node, rule and token of the examples below. */
    public static final Map<String, String> PATH_EXAMPLES = Map.of("sid", "vm:100", "node", "node2", "id",
            "web-on-node1", "name", "alice", "command", "migrate", "purge", "1", "since", "0");

    public static final String RESOURCE_EXAMPLE = """
            {"sid": "vm:100", "state": "started", "max_restart": 1, "max_relocate": 1, "comment": "web server"}""";
    public static final String RESOURCE_UPDATE_EXAMPLE = """
            {"max_restart": 2, "failback": true, "comment": "web server, restarted twice before relocation"}""";
    public static final String RULE_EXAMPLE = """
            {"rule": "web-on-node1", "type": "node-affinity", "resources": "vm:100", "nodes": "node1:2,node2",
             "strict": false, "comment": "prefer node1, node2 as fallback"}""";
    public static final String RULE_UPDATE_EXAMPLE = """
            {"nodes": "node1:2,node2:1,node3", "comment": "any node, node1 first"}""";
    public static final String CRS_EXAMPLE = """
            {"ha": "static", "ha-auto-rebalance": true, "ha-auto-rebalance-threshold": 30,
             "ha-auto-rebalance-method": "bruteforce"}""";
    public static final String MOVE_EXAMPLE = """
            {"node": "node2"}""";
    public static final String STOP_EXAMPLE = """
            {"timeout": 60}""";
    public static final String DISARM_EXAMPLE = """
            {"resource-mode": "freeze"}""";
    public static final String WHAT_IF_EXAMPLE = """
            {"fail": ["node3"]}""";
    public static final String POWER_EXAMPLE = """
            {"state": "off"}""";
    public static final String NETWORK_EXAMPLE = """
            {"state": "on"}""";
    public static final String FAIL_EXAMPLE = """
            {"start": 1, "migrate": 0, "stop": false}""";
    public static final String USAGE_EXAMPLE = """
            {"cpu": 1.5, "mem": 2048}""";
    public static final String IMPORT_EXAMPLE = """
            {"resources_cfg": "vm: 200\\n\\tstate started\\n\\tmax_restart 2\\n",
             "rules_cfg": "node-affinity: vm200-on-node2\\n\\tresources vm:200\\n\\tnodes node2:1,node3\\n",
             "datacenter_cfg": "crs: ha=static,ha-auto-rebalance=1\\n", "dry_run": true}""";
    public static final String TOKEN_EXAMPLE = """
            {"name": "alice", "role": "operator"}""";
    public static final String LOGIN_EXAMPLE = """
            {"token": "blst_0123456789abcdef_secret"}""";

    @Schema(name = "ResourceInput", description = "An HA resource, Proxmox's resources.cfg keys")
    public record ResourceBody(
            @Schema(description = "vm:<VMID>, ct:<VMID> or a bare VMID (100-999999999, no leading zero)",
                    example = "vm:100", requiredMode = Schema.RequiredMode.REQUIRED) String sid,
            @Schema(description = "vm or ct, only with a bare VMID", allowableValues = {"vm", "ct"}) String type,
            @Schema(description = "requested state (enabled = started)", defaultValue = "started",
                    allowableValues = {"started", "stopped", "ignored", "disabled"}) String state,
            @Schema(description = "restarts on the same node before relocating", minimum = "0", defaultValue = "1")
            Integer max_restart,
            @Schema(description = "relocations to another node after failed starts", minimum = "0", defaultValue = "1")
            Integer max_relocate,
            @Schema(description = "go back to the preferred node when it returns", defaultValue = "true") Boolean failback,
            @Schema(description = "may automatic rebalancing move it", defaultValue = "true") Boolean rebalance,
            @Schema(description = "free text, one line, at most 4096 characters") String comment) {
    }

    @Schema(name = "ResourceUpdate", description = "A partial update: only the keys given change")
    public record ResourceUpdateBody(
            @Schema(allowableValues = {"started", "stopped", "ignored", "disabled"}) String state,
            @Schema(minimum = "0") Integer max_restart,
            @Schema(minimum = "0") Integer max_relocate,
            Boolean failback,
            Boolean rebalance,
            @Schema(description = "one line, at most 4096 characters") String comment,
            @Schema(description = "keys reset to their defaults (a list or a comma-separated string)")
            List<String> delete,
            @Schema(description = "the digest last read; a stale one is refused with 409 (or send If-Match)")
            String digest) {
    }

    @Schema(name = "RuleInput", description = "An HA rule, Proxmox's rules.cfg keys")
    public record RuleBody(
            @Schema(description = "rule id, ^[a-zA-Z][a-zA-Z0-9_-]+$", example = "web-on-node1",
                    requiredMode = Schema.RequiredMode.REQUIRED) String rule,
            @Schema(description = "fixed after creation", allowableValues = {"node-affinity", "resource-affinity"},
                    requiredMode = Schema.RequiredMode.REQUIRED) String type,
            @Schema(description = "configured resources: \"vm:101,102\" or a list", example = "vm:100",
                    requiredMode = Schema.RequiredMode.REQUIRED) String resources,
            @Schema(description = "node-affinity: \"node1:2,node2\" (node:priority, default priority 0)",
                    example = "node1:2,node2") String nodes,
            @Schema(description = "node-affinity: only the listed nodes may run the resources", defaultValue = "false")
            Boolean strict,
            @Schema(description = "resource-affinity: together (positive) or apart (negative)",
                    allowableValues = {"positive", "negative"}) String affinity,
            @Schema(defaultValue = "false") Boolean disable,
            @Schema(description = "one line, at most 4096 characters") String comment,
            @Schema(description = "0-1000000; default after the last rule") Integer order) {
    }

    @Schema(name = "RuleUpdate", description = "A partial update of a rule (its type cannot change)")
    public record RuleUpdateBody(String resources, String nodes, Boolean strict, String affinity, Boolean disable,
                                 String comment, Integer order,
                                 @Schema(description = "keys reset: comment, disable, strict") List<String> delete,
                                 @Schema(description = "the digest last read (stale: 409)") String digest) {
    }

    @Schema(name = "CrsSettings", description = "Cluster resource scheduling (datacenter.cfg crs:); a PUT changes only"
            + " the keys it gives, GET and PUT answer all of them")
    public record CrsBody(
            @Schema(allowableValues = {"basic", "static", "dynamic"}, defaultValue = "basic") String ha,
            @JsonProperty("ha-rebalance-on-start") @Schema(defaultValue = "false")
            Boolean rebalanceOnStart,
            @JsonProperty("ha-auto-rebalance") @Schema(defaultValue = "false") Boolean autoRebalance,
            @JsonProperty("ha-auto-rebalance-threshold") @Schema(minimum = "0", maximum = "100", defaultValue = "30")
            Integer threshold,
            @JsonProperty("ha-auto-rebalance-method") @Schema(allowableValues = {"bruteforce", "topsis", "plan"},
                    defaultValue = "bruteforce") String method,
            @JsonProperty("ha-auto-rebalance-hold-duration") @Schema(description = "rounds", minimum = "0", defaultValue = "3")
            Integer holdDuration,
            @JsonProperty("ha-auto-rebalance-margin") @Schema(description = "relative improvement a move needs, %",
                    minimum = "0", maximum = "100", defaultValue = "10") Integer margin,
            @Schema(allowableValues = {"conditional", "freeze", "failover", "migrate"}, defaultValue = "conditional")
            String shutdown_policy,
            @Schema(minimum = "1", defaultValue = "4") Integer max_workers,
            @JsonProperty("automation-level") @Schema(description = "Ballast only: full runs rebalancing; partial"
                    + " proposes it for approval; manual proposes failback moves too (failover is always automatic)",
                    allowableValues = {"full", "partial", "manual"}, defaultValue = "full") String automationLevel,
            @Schema(description = "Ballast only: what a resource, rule or import write that breaks N+1 gets"
                    + " (warn: accepted with a warning; strict: 409 /problems/admission)",
                    allowableValues = {"off", "warn", "strict"}, defaultValue = "off") String admission) {
    }

    @Schema(name = "MoveCommand", description = "Target of a migrate or relocate")
    public record MoveBody(@Schema(description = "an online cluster node", example = "node2",
            requiredMode = Schema.RequiredMode.REQUIRED) String node) {
    }

    @Schema(name = "StopCommand")
    public record StopBody(@Schema(description = "seconds to wait for a clean shutdown; 0 = hard stop", minimum = "0",
            defaultValue = "0") Integer timeout) {
    }

    @Schema(name = "Disarm")
    public record DisarmBody(@JsonProperty("resource-mode") @Schema(description = "freeze: keep resources as they are; "
            + "ignore: hand them to the operator", allowableValues = {"freeze", "ignore"}, defaultValue = "freeze")
                             String resourceMode) {
    }

    @Schema(name = "WhatIfQuestion", description = "One or more events, each a node name or a list of node names")
    public record WhatIfBody(
            @Schema(description = "the nodes lose power") List<String> fail,
            @Schema(description = "the nodes lose the cluster network but keep running") List<String> isolate,
            @Schema(description = "maintenance is requested for the nodes") List<String> maintenance) {
    }

    @Schema(name = "SwitchState", description = "on or off")
    public record SwitchBody(@Schema(allowableValues = {"on", "off"}, requiredMode = Schema.RequiredMode.REQUIRED)
                             String state) {
    }

    @Schema(name = "InjectedFailures", description = "The next n starts/migrations fail; all zero clears")
    public record FailBody(@Schema(minimum = "0", maximum = "9", defaultValue = "0") Integer start,
                           @Schema(minimum = "0", maximum = "9", defaultValue = "0") Integer migrate,
                           @Schema(description = "every stop fails", defaultValue = "false") Boolean stop) {
    }

    @Schema(name = "SimulatedUsage", description = "Measured usage (dynamic mode) and/or static sizes; at least one")
    public record UsageBody(@Schema(description = "cores in use", minimum = "0", maximum = "1024") Double cpu,
                            @Schema(description = "MiB in use", minimum = "0", maximum = "4194304") Double mem,
                            @Schema(description = "configured cores", minimum = "0", maximum = "1024") Double maxcpu,
                            @Schema(description = "configured MiB", minimum = "0", maximum = "4194304") Double maxmem) {
    }

    @Schema(name = "ImportRequest", description = "Texts of Proxmox's HA files (any subset)")
    public record ImportBody(@Schema(description = "/etc/pve/ha/resources.cfg") String resources_cfg,
                             @Schema(description = "/etc/pve/ha/rules.cfg") String rules_cfg,
                             @Schema(description = "/etc/pve/datacenter.cfg (only its crs: line is read)")
                             String datacenter_cfg,
                             @Schema(description = "validate everything, store nothing", defaultValue = "false")
                             Boolean dry_run) {
    }

    @Schema(name = "TokenRequest")
    public record TokenBody(@Schema(description = "1-64 of letters, digits, . _ @ -", example = "alice",
            requiredMode = Schema.RequiredMode.REQUIRED) String name,
                            @Schema(allowableValues = {"viewer", "operator", "admin"},
                                    requiredMode = Schema.RequiredMode.REQUIRED) String role) {
    }

    @Schema(name = "Login")
    public record LoginBody(@Schema(description = "an API token (blst_...)", requiredMode = Schema.RequiredMode.REQUIRED)
                            String token) {
    }

    /** Documentation of a problem+json answer (RFC 9457), as {@link ApiException} writes it. */
    @Schema(name = "Problem", description = "A refusal (RFC 9457); nothing was changed")
    public record Problem(@Schema(description = "the kind of refusal", example = "/problems/invalid-field") String type,
                          @Schema(example = "Bad Request") String title,
                          @Schema(example = "400") int status,
                          @Schema(description = "what is wrong, in words", example = "sid: must be vm:<VMID> or ...")
                          String detail,
                          @Schema(example = "/api/v1/resources") String instance,
                          @Schema(description = "one entry per bad field") List<FieldErrorDoc> errors) {
    }

    @Schema(name = "FieldError")
    public record FieldErrorDoc(@Schema(example = "sid") String field,
                                @Schema(example = "must be vm:<VMID> or ct:<VMID>") String reason) {
    }
}
