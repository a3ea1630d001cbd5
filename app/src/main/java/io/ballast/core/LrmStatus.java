package io.ballast.core;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one node's LRM last reported (its {@code lrm_status}).
 *
 * @param state     LRM daemon state: wait_for_agent_lock, active, maintenance, lost_agent_lock
 * @param mode      mode reported to the CRM
 * @param results   uid → result of the request with that uid
 * @param timestamp time of the report in seconds
 */
public record LrmStatus(String state, LrmMode mode, Map<String, LrmResult> results, long timestamp) {
    public LrmStatus {
        results = Map.copyOf(new TreeMap<>(results));
    }

    /** Exit codes of spec §1.7. */
    public static final int SUCCESS = 0;
    public static final int ERROR = 1;
    public static final int ETRY_AGAIN = 2;
    public static final int EWRONG_NODE = 3;
    public static final int EUNKNOWN_SERVICE_TYPE = 4;
    public static final int EUNKNOWN_COMMAND = 5;
    public static final int EINVALID_PARAMETER = 6;
    public static final int EUNKNOWN_SERVICE = 7;
    public static final int IGNORED = 8;

    /** Result of one LRM request. */
    public record LrmResult(String sid, int exitCode) {
    }
}
