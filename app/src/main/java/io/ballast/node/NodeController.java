package io.ballast.node;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Cluster nodes, their maintenance requests (executed by the HA manager) and operators' fence confirmations. */
@RestController
class NodeController {

    private final NodeService nodes;

    NodeController(NodeService nodes) {
        this.nodes = nodes;
    }

    @GetMapping("/api/v1/nodes")
    List<Map<String, Object>> list() {
        return nodes.list();
    }

    @PostMapping("/api/v1/nodes/{node}/maintenance")
    Map<String, Object> enable(@PathVariable String node) {
        return nodes.maintenance(node, true);
    }

    @DeleteMapping("/api/v1/nodes/{node}/maintenance")
    Map<String, Object> disable(@PathVariable String node) {
        return nodes.maintenance(node, false);
    }

    /** The operator confirms the failed node is powered off: a fencing proof for the recovery of its guests. */
    @PostMapping("/api/v1/nodes/{node}/fenced")
    Map<String, Object> confirmOff(@PathVariable String node) {
        return nodes.confirmOff(node, true);
    }

    @DeleteMapping("/api/v1/nodes/{node}/fenced")
    Map<String, Object> withdrawOff(@PathVariable String node) {
        return nodes.confirmOff(node, false);
    }
}
