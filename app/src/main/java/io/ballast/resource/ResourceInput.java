package io.ballast.resource;

import io.ballast.web.ApiException;
import io.ballast.web.FieldError;
import io.ballast.web.Inputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses and validates a resource create/update body, collecting every bad field. */
public final class ResourceInput {

    static final Set<String> CONFIG_KEYS = Set.of("state", "max_restart", "max_relocate", "failback", "rebalance", "comment");
    private static final Set<String> STATES = Set.of("started", "stopped", "ignored", "disabled");
    // Proxmox VMIDs are 100-999999999: three to nine digits, no leading zero
    private static final Pattern SID = Pattern.compile("^(vm|ct):([1-9][0-9]{2,8})$");
    private static final Pattern VMID = Pattern.compile("^[1-9][0-9]{2,8}$");
    private static final String SID_RULE = "must be vm:<VMID> or ct:<VMID> (or a bare VMID), VMID 100-999999999 with no leading zero";

    private ResourceInput() {
    }

    /** Normalises "vm:100", "ct:100" or a bare VMID (vm unless type says ct). */
    public static String sid(Object raw, Object type) {
        if (!(raw instanceof String) && !(raw instanceof Integer)) {
            throw ApiException.invalid("sid", raw == null ? "required" : SID_RULE + ", got " + Inputs.shown(raw));
        }
        String s = raw.toString().strip();
        if (VMID.matcher(s).matches()) {
            if (type != null && !"vm".equals(type) && !"ct".equals(type)) {
                throw ApiException.invalid("type", "must be vm or ct, got '" + Inputs.shown(type) + "'");
            }
            return (type == null ? "vm" : type) + ":" + s;
        }
        if (!SID.matcher(s).matches()) {
            throw ApiException.invalid("sid", SID_RULE + ", got '" + Inputs.shown(s) + "'");
        }
        return s;
    }

    /** Applies the given keys on top of {@code base}; keys in {@code delete} go back to their default. */
    static ResourceConfig apply(ResourceConfig base, Map<String, Object> body, List<?> delete) {
        List<FieldError> errors = new ArrayList<>();
        ResourceConfig d = ResourceConfig.defaults(base.sid());
        String state = base.state();
        int maxRestart = base.maxRestart();
        int maxRelocate = base.maxRelocate();
        boolean failback = base.failback();
        boolean rebalance = base.rebalance();
        String comment = base.comment();
        if (delete != null) {
            for (Object k : delete) {
                if (!CONFIG_KEYS.contains(String.valueOf(k))) {
                    errors.add(new FieldError("delete", "unknown key '" + Inputs.shown(k) + "'"));
                    continue;
                }
                switch (String.valueOf(k)) {
                    case "state" -> state = d.state();
                    case "max_restart" -> maxRestart = d.maxRestart();
                    case "max_relocate" -> maxRelocate = d.maxRelocate();
                    case "failback" -> failback = d.failback();
                    case "rebalance" -> rebalance = d.rebalance();
                    default -> comment = null;
                }
            }
        }
        for (Map.Entry<String, Object> e : body.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case "state" -> {
                    String s = v instanceof String str ? ("enabled".equals(str) ? "started" : str) : null;
                    if (s == null || !STATES.contains(s)) {
                        errors.add(new FieldError("state", "must be one of started, stopped, ignored, disabled (enabled = started), got '"
                                + Inputs.shown(v) + "'"));
                    } else {
                        state = s;
                    }
                }
                case "max_restart" -> maxRestart = count(errors, "max_restart", v, maxRestart);
                case "max_relocate" -> maxRelocate = count(errors, "max_relocate", v, maxRelocate);
                case "failback" -> failback = Inputs.flag(errors, "failback", v, failback);
                case "rebalance" -> rebalance = Inputs.flag(errors, "rebalance", v, rebalance);
                case "comment" -> comment = Inputs.comment(errors, v, comment);
                default -> errors.add(new FieldError(e.getKey(), "unknown property"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new ResourceConfig(base.sid(), base.type(), base.vmid(), state, maxRestart, maxRelocate, failback, rebalance, comment);
    }

    private static int count(List<FieldError> errors, String field, Object v, int current) {
        if (v instanceof Integer i && i >= 0) {
            return i;
        }
        errors.add(new FieldError(field, "must be an integer >= 0, got " + Inputs.shown(v)));
        return current;
    }
}
