package io.ballast.planner.plan;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;
import java.util.Map;
import java.util.Set;

/** Planning entity: one placement unit (keep-together group or single resource). */
@PlanningEntity
public class PlanUnit {
    @PlanningId
    private String id;
    private long cpuMilli;
    private long memMib;
    private String currentNode;
    private Map<String, Integer> allowed;
    private int topPriority;
    private String maintenanceNode;
    private Set<String> separateFrom;
    private boolean relocate;

    @PlanningVariable
    private PlanNode node;

    public PlanUnit() {
    }

    public PlanUnit(String id, long cpuMilli, long memMib, String currentNode, Map<String, Integer> allowed,
                    String maintenanceNode, Set<String> separateFrom, PlanNode node) {
        this(id, cpuMilli, memMib, currentNode, allowed, maintenanceNode, separateFrom, false, node);
    }

    /** @param relocate the unit moves by stop and start (a container), which disrupts more than a live migration */
    public PlanUnit(String id, long cpuMilli, long memMib, String currentNode, Map<String, Integer> allowed,
                    String maintenanceNode, Set<String> separateFrom, boolean relocate, PlanNode node) {
        this.id = id;
        this.relocate = relocate;
        this.cpuMilli = cpuMilli;
        this.memMib = memMib;
        this.currentNode = currentNode;
        this.allowed = allowed;
        this.topPriority = allowed.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        this.maintenanceNode = maintenanceNode;
        this.separateFrom = separateFrom;
        this.node = node;
    }

    public String getId() {
        return id;
    }

    public long getCpuMilli() {
        return cpuMilli;
    }

    public long getMemMib() {
        return memMib;
    }

    public String getCurrentNode() {
        return currentNode;
    }

    public Map<String, Integer> getAllowed() {
        return allowed;
    }

    public String getMaintenanceNode() {
        return maintenanceNode;
    }

    public Set<String> getSeparateFrom() {
        return separateFrom;
    }

    public boolean isRelocate() {
        return relocate;
    }

    public PlanNode getNode() {
        return node;
    }

    public void setNode(PlanNode node) {
        this.node = node;
    }

    public boolean isAllowedOn(PlanNode candidate) {
        return allowed.containsKey(candidate.name());
    }

    /** Priority classes below the unit's top class on its node (0 when on a top-class node). */
    public int priorityShortfall() {
        return node == null ? 0 : topPriority - allowed.getOrDefault(node.name(), topPriority);
    }

    /** Separated partners among the fixed units of the unit's node. */
    public int fixedPartnersOnNode() {
        if (node == null || separateFrom.isEmpty() || node.fixedUnits().isEmpty()) {
            return 0;
        }
        int count = 0;
        for (String partner : separateFrom) {
            if (node.fixedUnits().contains(partner)) {
                count++;
            }
        }
        return count;
    }

    public boolean isMigrated() {
        return currentNode != null && node != null && !currentNode.equals(node.name());
    }

    public boolean isAwayFromMaintenanceNode() {
        return maintenanceNode != null && node != null && !maintenanceNode.equals(node.name())
                && allowed.containsKey(maintenanceNode);
    }

    @Override
    public String toString() {
        return id + "@" + (node == null ? "-" : node.name());
    }
}
