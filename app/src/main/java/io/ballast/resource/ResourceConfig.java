package io.ballast.resource;

import java.util.LinkedHashMap;
import java.util.Map;

/** One HA resource's configuration, as Proxmox names it. */
public record ResourceConfig(String sid, String type, int vmid, String state, int maxRestart, int maxRelocate,
                             boolean failback, boolean rebalance, String comment) {

    /** The config keys in a fixed order; also the input of the digest. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sid", sid);
        m.put("type", type);
        m.put("state", state);
        m.put("max_restart", maxRestart);
        m.put("max_relocate", maxRelocate);
        m.put("failback", failback);
        m.put("rebalance", rebalance);
        m.put("comment", comment);
        return m;
    }

    public static ResourceConfig defaults(String sid) {
        String[] parts = sid.split(":", 2);
        return new ResourceConfig(sid, parts[0], Integer.parseInt(parts[1]), "started", 1, 1, true, true, null);
    }
}
