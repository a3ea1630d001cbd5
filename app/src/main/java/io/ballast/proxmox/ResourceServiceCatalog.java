package io.ballast.proxmox;

import io.ballast.resource.ResourceConfig;
import io.ballast.resource.ResourceService;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Ballast's configured HA resources (database) as the Proxmox environment reads them each round. */
final class ResourceServiceCatalog implements ProxmoxEnvironment.ResourceCatalog {
    private final ResourceService resources;

    ResourceServiceCatalog(ResourceService resources) {
        this.resources = resources;
    }

    @Override
    public SortedMap<String, ManagedResource> resources() {
        SortedMap<String, ManagedResource> out = new TreeMap<>();
        for (ResourceConfig r : resources.list()) {
            out.put(r.sid(), new ManagedResource(r.sid(), r.state(), r.maxRestart(), r.maxRelocate(), r.failback(),
                    null));
        }
        return out;
    }

    @Override
    public void requestedStateChanged(String sid, String state) {
        resources.update(sid, Map.of("state", state), null);
    }
}
