package io.ballast.rules.placement;

import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;

import io.ballast.rules.compiled.NodeAffinity;

/**
 * What the placement policy knows of one placement unit (a resource, or a keep-together group).
 *
 * @param id              unit id (a resource's sid, or a group's first member)
 * @param current         node it is on now, null if none
 * @param maintenanceNode node it was evacuated from, null if none
 * @param failback        failback configured for every member
 * @param retrying        retrying after failed starts or failed evacuation moves (H7 applies to {@code failedNodes})
 * @param affinity        its node affinity (inherited by group members), null if none
 * @param keepApart       resource outside the unit → the keep-separate rule that keeps it apart
 * @param failedNodes     nodes that already failed to start or take it
 * @param tags            guest tags of its members (for rule authors' own rules)
 * @param memory          memory it needs in bytes (H6), null when unknown
 */
public record PolicyUnit(String id, String current, String maintenanceNode, boolean failback, boolean retrying,
                         NodeAffinity affinity, SortedMap<String, String> keepApart, List<String> failedNodes,
                         SortedSet<String> tags, Long memory) {
    public PolicyUnit {
        keepApart = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(keepApart));
        failedNodes = List.copyOf(failedNodes);
        tags = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(tags));
    }
}
