package io.ballast.core;

import java.util.ArrayList;
import java.util.List;

import java.util.Set;
import java.util.SortedSet;

/** Consumes the CRM command queue once per round (spec §9.2, §7.1, §8). */
final class CommandHandler {
    private final RoundContext ctx;
    private final SortedSet<String> maintenanceRequests;
    private final ArmState arm;

    /** Disarm bookkeeping shared with {@link Disarmer}. */
    static final class ArmState {
        DisarmStatus disarm;
        boolean armRequested;

        ArmState(DisarmStatus disarm) {
            this.disarm = disarm;
        }
    }

    CommandHandler(RoundContext ctx, SortedSet<String> maintenanceRequests, ArmState arm) {
        this.ctx = ctx;
        this.maintenanceRequests = maintenanceRequests;
        this.arm = arm;
    }

    void consume() {
        for (CrmCommand command : ctx.input.commands()) {
            String cmd = command.text();
            // one branch per permitted type (Java 17 has no pattern switch; an unknown type fails loudly)
            if (command instanceof CrmCommand.Move m) {
                move(cmd, m.task(), m.sid(), m.node());
            } else if (command instanceof CrmCommand.Stop st) {
                stop(cmd, st);
            } else if (command instanceof CrmCommand.MaintenanceOn on) {
                maintenanceOn(cmd, on.node());
            } else if (command instanceof CrmCommand.MaintenanceOff off) {
                maintenanceOff(cmd, off.node());
            } else if (command instanceof CrmCommand.Disarm d) {
                disarm(cmd, d.mode());
            } else if (command instanceof CrmCommand.Arm) {
                arm(cmd);
            } else if (command instanceof CrmCommand.Unparsed) {
                ctx.log.add("err", "unable to parse crm command: " + cmd);
            } else {
                throw new IllegalStateException("unhandled CRM command type " + command.getClass());
            }
        }
        if (!ctx.input.commands().isEmpty()) {
            ctx.log.effect(new Effect.CommandsConsumed(ctx.input.commands().size()));
        }
    }

    private void stop(String cmd, CrmCommand.Stop st) {
        ServiceEntry sd = ctx.ss.get(st.sid());
        if (sd == null) {
            ctx.log.add("err", "crm command error - no such service: " + cmd);
        } else {
            ctx.log.add("info", "got crm command: " + cmd);
            sd.cmd = ServiceCommand.stop(st.timeout());
        }
    }

    private void maintenanceOn(String cmd, String node) {
        if (arm.disarm != null) {
            ctx.log.add("warn", "ignoring maintenance command for node " + node + " - HA stack is disarmed");
            return;
        }
        NodeState state = ctx.ns.state(node);
        if (state == NodeState.ONLINE) {
            maintenanceRequests.add(node);
            ctx.log.decision(node, "command", "maintenance requested", cmd);
        } else if (state == NodeState.MAINTENANCE) {
            ctx.log.add("info", "ignoring crm command - node " + node + " is already in maintenance state");
        } else {
            ctx.log.add("err", "crm command error - node not online: " + cmd);
        }
    }

    private void maintenanceOff(String cmd, String node) {
        NodeState state = ctx.ns.state(node);
        if (state != NodeState.MAINTENANCE) {
            ctx.log.add("warn", "clearing maintenance of node " + node + " requested, but it's in state " + state.key());
        }
        maintenanceRequests.remove(node);
        ctx.log.decision(node, "command", "maintenance cleared", cmd);
    }

    private void arm(String cmd) {
        if (arm.disarm == null) {
            ctx.log.add("noti", "ignoring arm-ha command - HA stack is not disarmed");
        } else {
            ctx.log.add("info", "got crm command: " + cmd);
            arm.armRequested = true;
        }
    }

    private void disarm(String cmd, String mode) {
        if (arm.disarm != null) {
            ctx.log.add("noti", "ignoring disarm-ha command - already in disarm state (" + arm.disarm.state() + ")");
        } else if (!Set.of("freeze", "ignore").contains(mode)) {
            ctx.log.add("err", "unknown disarm-mode '" + mode + "', ignoring");
        } else {
            ctx.log.add("info", "got crm command: " + cmd);
            arm.disarm = new DisarmStatus(mode, "disarming");
            ctx.log.decision("cluster", "command", "disarm " + mode, cmd);
        }
    }

    private void move(String cmd, String task, String sid, String node) {
        ServiceEntry sd = ctx.ss.get(sid);
        if (sd == null) {
            ctx.log.add("err", "crm command error - no such service: " + cmd);
        } else if (!ctx.ns.isOnline(node)) {
            ctx.log.add("err", "crm command error - node not online: " + cmd);
        } else if (node.equals(sd.node)) {
            ctx.log.add("info", "ignore crm command - service already on target node: " + cmd);
        } else {
            executeMigration(ctx, cmd, task, sid, node);
            List<String> moved = new ArrayList<>(List.of(sid));
            moved.addAll(ctx.rules.positivePartners(sid));
            for (String member : moved) {
                forgetMaintenanceNode(member, node);
            }
        }
    }

    /**
     * Ballast (spec §7.2): a user's move during maintenance is where the user wants the resource, so it is not
     * pulled back when the maintenance ends (5.2 keeps the record, contrary to its admin guide).
     */
    private void forgetMaintenanceNode(String sid, String target) {
        ServiceEntry sd = ctx.ss.get(sid);
        if (sd == null || sd.maintenanceNode == null || sd.cmd == null || !sd.cmd.isMove()
                || !target.equals(sd.cmd.node())) {
            return;
        }
        ctx.log.add("info", "service '" + sid + "': dropping maintenance fallback node '" + sd.maintenanceNode
                + "' (moved by a user command)");
        ctx.log.decision(sid, "command", "forget maintenance node " + sd.maintenanceNode,
                "a user migration during maintenance decides where the resource stays");
        sd.maintenanceNode = null;
    }

    /**
     * Negative-affinity veto, then the command on the service and on every positive partner not
     * already on or heading to the target (spec §9.2). Also the path auto-rebalancing uses.
     */
    static void executeMigration(RoundContext ctx, String cmd, String task, String sid, String target) {
        // the policy's keep-separate filter (H4) speaks for the target: a partner there or heading there
        for (io.ballast.rules.placement.Verdict.Exclusion e : ctx.policy.verdict(sid).excluded()
                .getOrDefault(target, java.util.List.of())) {
            if (!"H4".equals(e.filter()) || e.cause() == null) {
                continue;
            }
            ctx.log.add("err", "crm command '" + cmd + "' error - service '" + e.cause() + "' on node '" + target
                    + "' in negative affinity with service '" + sid + "'");
            ctx.log.decision(sid, "command", "reject " + cmd, e.toString());
            return;
        }
        ctx.log.add("info", "got crm command: " + cmd);
        ctx.ss.get(sid).cmd = ServiceCommand.move(task, target);
        for (String partner : ctx.rules.positivePartners(sid)) {
            ServiceEntry p = ctx.ss.get(partner);
            if (p == null || target.equals(p.node) || target.equals(p.target)) {
                continue;
            }
            ctx.log.add("info", "crm command '" + cmd + "' - " + task + " service '" + partner + "' to node '" + target
                    + "' (service '" + partner + "' in positive affinity with service '" + sid + "')");
            p.cmd = ServiceCommand.move(task, target);
        }
    }
}
