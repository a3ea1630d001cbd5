package io.ballast.rule;

import io.ballast.persistence.AssignedIdEntity;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** One row of ha_rule with its members (ha_rule_resource) and, for node affinity, its nodes (ha_rule_node). */
@Entity
@Table(name = "ha_rule")
public class RuleEntity extends AssignedIdEntity<String> {

    @Id
    private String id;

    private String type;

    private boolean disable;

    private String comment;

    @Column(name = "sort_order")
    private int order;

    /** node-affinity only (null for resource-affinity, enforced by a CHECK constraint). */
    private Boolean strict;

    /** resource-affinity only. */
    private String affinity;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "ha_rule_resource", joinColumns = @JoinColumn(name = "rule_id"))
    @Column(name = "sid")
    private Set<String> resources = new TreeSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "ha_rule_node", joinColumns = @JoinColumn(name = "rule_id"))
    @MapKeyColumn(name = "node")
    @Column(name = "priority")
    private Map<String, Integer> nodes = new TreeMap<>();

    protected RuleEntity() {
    }

    public RuleEntity(String id, String type) {
        this.id = id;
        this.type = type;
        markNew();
    }

    /** Copies the configuration of {@code config} (same id and type) into this entity. */
    void assign(RuleConfig config) {
        this.disable = config.disable();
        this.comment = config.comment();
        this.order = config.order();
        this.strict = config.nodeAffinity() ? config.strict() : null;
        this.affinity = config.nodeAffinity() ? null : config.affinity();
        this.resources.clear();
        this.resources.addAll(config.resources());
        this.nodes.clear();
        if (config.nodeAffinity()) {
            this.nodes.putAll(config.nodes());
        }
    }

    public RuleConfig toConfig() {
        return new RuleConfig(id, type, new TreeSet<>(resources), new TreeMap<>(nodes),
                Boolean.TRUE.equals(strict), affinity, disable, comment, order);
    }

    @Override
    public String getId() {
        return id;
    }

    public String getType() {
        return type;
    }

    public int getOrder() {
        return order;
    }

    public Set<String> getResources() {
        return resources;
    }
}
