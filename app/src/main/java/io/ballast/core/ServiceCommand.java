package io.ballast.core;

/**
 * A command pending on one service ({@code cmd} of spec §1.5): {@code [migrate|relocate, node]} or
 * {@code [stop, timeout]}.
 *
 * @param action  "migrate", "relocate" or "stop"
 * @param node    target node for migrate/relocate, null for stop
 * @param timeout stop timeout in seconds (0 = hard stop), null for migrate/relocate
 */
public record ServiceCommand(String action, String node, Integer timeout) {
    public static ServiceCommand move(String action, String node) {
        return new ServiceCommand(action, node, null);
    }

    public static ServiceCommand stop(int timeout) {
        return new ServiceCommand("stop", null, timeout);
    }

    public boolean isMove() {
        return "migrate".equals(action) || "relocate".equals(action);
    }
}
