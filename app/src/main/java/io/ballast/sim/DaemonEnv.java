package io.ballast.sim;

/**
 * The environment of one daemon (a node's CRM or LRM): its own clock, its log source and its view of the
 * cluster. Like the reference simulator, a daemon iteration starts at the cluster clock and takes exactly
 * one second.
 */
final class DaemonEnv {

    final SimCluster cluster;
    final String node;
    final String role;
    long time;

    DaemonEnv(SimCluster cluster, String node, String role) {
        this.cluster = cluster;
        this.node = node;
        this.role = role;
    }

    void log(String level, String message) {
        cluster.log.add(level, time, node + "/" + role, message);
    }

    void loopStart() {
        time = cluster.time;
    }

    void loopEnd() {
        time += 1;
    }

    boolean quorate() {
        return cluster.online(node);
    }

    /** Cluster filesystem readable/writable from this node. */
    boolean cfsReadable() {
        return cluster.hw.get(node).cfsRw;
    }

    /** Whether this node's cluster-state refresh works this iteration. */
    boolean clusterStateUpdate() {
        return cluster.hw.get(node).cfsUpdate;
    }

    static final String CFS_ERROR = "cfs connection refused - not mounted?";
}
