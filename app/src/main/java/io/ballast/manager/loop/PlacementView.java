package io.ballast.manager.loop;

import io.ballast.core.PlacementExplanation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A placement explanation as the API shows it: the answer of {@code GET /api/v1/resources/{sid}/placement} and
 * the {@code placement} of every resource a what-if answer names.
 */
public final class PlacementView {

    private PlacementView() {
    }

    /** The API's field names (snake_case, like the rest of it). */
    public static Map<String, Object> of(PlacementExplanation e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sid", e.sid());
        out.put("state", e.state());
        out.put("current", e.current());
        out.put("chosen", e.chosen());
        out.put("decision", e.decision());
        out.put("preferred_class", e.preferredClass());
        out.put("fails_back", e.failsBack());
        out.put("must_move", e.mustMove());
        out.put("return_target", e.returnTarget());
        out.put("blocked", e.blocked());
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (PlacementExplanation.NodeOption n : e.nodes()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("node", n.node());
            node.put("allowed", n.allowed());
            node.put("priority", n.priority());
            node.put("preferred", n.preferred());
            node.put("score", n.score());
            node.put("reasons", n.reasons());
            node.put("rules", n.rules());
            nodes.add(node);
        }
        out.put("nodes", nodes);
        return out;
    }
}
