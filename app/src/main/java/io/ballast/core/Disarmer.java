package io.ballast.core;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Disarm and re-arm of the HA stack (spec §8). */
final class Disarmer {
    private static final Set<ServiceState> IN_TRANSIT =
            EnumSet.of(ServiceState.FENCE, ServiceState.RECOVERY, ServiceState.MIGRATE, ServiceState.RELOCATE);
    private static final Set<ServiceState> FREEZABLE = EnumSet.of(ServiceState.STARTED, ServiceState.STOPPED,
            ServiceState.REQUEST_STOP, ServiceState.REQUEST_START, ServiceState.REQUEST_START_BALANCE);

    private final RoundContext ctx;
    private final CommandHandler.ArmState arm;
    /** Services whose tracking suspension was already logged in this disarm (ignore mode). */
    private final Set<String> suspended;

    Disarmer(RoundContext ctx, CommandHandler.ArmState arm, Set<String> suspended) {
        this.ctx = ctx;
        this.arm = arm;
        this.suspended = suspended;
    }

    /** Logged after the round's state machine ran, as Proxmox does. */
    static void logRearmed(RoundLog log) {
        log.add("info", "re-arming HA stack");
        log.decision("cluster", "command", "arm", "arm-ha");
    }

    /**
     * Runs the disarm step of the round.
     *
     * @return true when the round ends here (disarming or disarmed), false to continue normally
     */
    boolean handle(ServiceStateMachine machine) {
        if (arm.disarm == null) {
            return false;
        }
        if (arm.armRequested) {
            rearm();
            return false;
        }
        List<String> transit = new ArrayList<>();
        ctx.ss.forEach((sid, sd) -> {
            if (IN_TRANSIT.contains(sd.state)) {
                transit.add(sid);
            }
        });
        if (!transit.isEmpty() && !arm.disarm.disarmed()) {
            for (String sid : transit) {
                ServiceState state = ctx.ss.get(sid).state;
                boolean moving = state == ServiceState.MIGRATE || state == ServiceState.RELOCATE;
                ctx.log.add(moving ? "info" : "warn", "deferring disarm - service '" + sid + "' is in '"
                        + state.key() + "' state");
            }
            machine.runUntilStable(new TreeSet<>(transit));
            return true;
        }
        boolean freeze = "freeze".equals(arm.disarm.mode());
        for (var entry : ctx.ss.entrySet()) {
            String sid = entry.getKey();
            ServiceEntry sd = entry.getValue();
            sd.target = null;
            sd.running = false;
            sd.failedNodes = null;
            sd.cmd = null;
            sd.timeout = null;
            if (freeze && FREEZABLE.contains(sd.state)) {
                ctx.log.add("info", "disarm: freezing service '" + sid + "' (was '" + sd.state.key() + "')");
                ctx.log.decision(sid, "disarm", sd.state.key() + " -> freeze", "HA stack disarmed in freeze mode");
                sd.state = ServiceState.FREEZE;
                sd.uid = ctx.uids.next(sd.state);
                ctx.usage.update(sid, sd);
            } else if (!freeze && suspended.add(sid)) {
                ctx.log.add("info", "disarm: suspending HA tracking for service '" + sid + "'");
            }
        }
        if (!arm.disarm.disarmed() && allOnlineLrmsDisarmed()) {
            arm.disarm = new DisarmStatus(arm.disarm.mode(), "disarmed");
            ctx.log.add("info", "all LRMs disarmed, HA stack is now fully disarmed");
            ctx.log.decision("cluster", "lrm-modes", "disarmed", "every online LRM reports mode disarm");
        }
        return true;
    }

    private boolean allOnlineLrmsDisarmed() {
        for (String node : ctx.ns.onlineNodes()) {
            if (ctx.lrmMode(node) != LrmMode.DISARM) {
                return false;
            }
        }
        return true;
    }

    private void rearm() {
        if ("ignore".equals(arm.disarm.mode())) {
            ctx.ss.forEach((sid, sd) -> {
                ServiceConfig cd = ctx.sc.get(sid);
                if (cd != null && cd.node() != null && !cd.node().equals(sd.node)) {
                    ctx.log.add("info", "service '" + sid + "': updating node '" + sd.node + "' => '" + cd.node()
                            + "' (changed while disarmed)");
                    sd.node = cd.node();
                    ctx.usage.update(sid, sd);
                }
            });
        }
        arm.disarm = null;
        arm.armRequested = false;
        suspended.clear();
    }
}
