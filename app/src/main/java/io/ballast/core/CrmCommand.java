package io.ballast.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A queued CRM command as the manager round reads it. Environments build these (from the API's command rows, the
 * desired maintenance and arm state) or parse the text form of Proxmox's command queue once, at their edge.
 */
public sealed interface CrmCommand {

    /** The command's text, as Proxmox's log lines quote it ("got crm command: migrate vm:100 node2"). */
    String text();

    /** {@code migrate|relocate <sid> <node>}. */
    record Move(String task, String sid, String node) implements CrmCommand {
        public String text() {
            return task + " " + sid + " " + node;
        }
    }

    /** {@code stop <sid> <timeout>}. */
    record Stop(String sid, int timeout) implements CrmCommand {
        public String text() {
            return "stop " + sid + " " + timeout;
        }
    }

    /** {@code enable-node-maintenance <node>}. */
    record MaintenanceOn(String node) implements CrmCommand {
        public String text() {
            return "enable-node-maintenance " + node;
        }
    }

    /** {@code disable-node-maintenance <node>}. */
    record MaintenanceOff(String node) implements CrmCommand {
        public String text() {
            return "disable-node-maintenance " + node;
        }
    }

    /** {@code disarm-ha <mode>}; the mode is checked by the round (it logs an unknown one). */
    record Disarm(String mode) implements CrmCommand {
        public String text() {
            return "disarm-ha " + mode;
        }
    }

    /** {@code arm-ha}. */
    record Arm() implements CrmCommand {
        public String text() {
            return "arm-ha";
        }
    }

    /** Text the parser cannot read; the round logs "unable to parse crm command: ..." for it, as Proxmox does. */
    record Unparsed(String text) implements CrmCommand {
    }

    /**
     * Reads one command of Proxmox's queue syntax (Manager.pm's patterns); surrounding blanks are ignored. A stop
     * whose timeout is not a number is {@link Unparsed}. Called once per queued command, so the patterns are not
     * cached (an interface has no private fields).
     */
    static CrmCommand parse(String raw) {
        String cmd = raw.trim();
        Matcher m;
        if ((m = Pattern.compile("^(migrate|relocate)\\s+(\\S+)\\s+(\\S+)$").matcher(cmd)).matches()) {
            return new Move(m.group(1), m.group(2), m.group(3));
        }
        if ((m = Pattern.compile("^stop\\s+(\\S+)\\s+(\\S+)$").matcher(cmd)).matches()) {
            try {
                return new Stop(m.group(1), Integer.parseInt(m.group(2)));
            } catch (NumberFormatException e) {
                return new Unparsed(cmd);
            }
        }
        if ((m = Pattern.compile("^(enable|disable)-node-maintenance\\s+(\\S+)$").matcher(cmd)).matches()) {
            return m.group(1).equals("enable") ? new MaintenanceOn(m.group(2)) : new MaintenanceOff(m.group(2));
        }
        if ((m = Pattern.compile("^disarm-ha\\s+(\\S+)$").matcher(cmd)).matches()) {
            return new Disarm(m.group(1));
        }
        return cmd.equals("arm-ha") ? new Arm() : new Unparsed(cmd);
    }
}
