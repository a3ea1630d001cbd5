package io.ballast.proxmox;

import java.util.Set;
import java.util.TreeSet;

/**
 * Nodes an operator confirmed powered off ({@code POST /api/v1/nodes/{node}/fenced}): a fencing proof under every
 * policy, since a person who saw the node off knows more than any timer. A confirmation holds only while the node
 * stays away; once it is seen again it is forgotten here and cleared in the database.
 */
final class OperatorConfirmations implements Fencer {

    private final Set<String> confirmed = new TreeSet<>();

    /** The confirmations as the database holds them, read before each round. */
    void set(Set<String> nodes) {
        confirmed.clear();
        confirmed.addAll(nodes);
    }

    @Override
    public boolean confirm(String node, long absentSeconds, boolean quorate) {
        return confirmed.contains(node);
    }

    @Override
    public void rejoined(String node) {
        confirmed.remove(node);
    }

    @Override
    public String toString() {
        return "the operator's confirmation";
    }
}
