package io.ballast.crs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/** The single row of crs_settings: datacenter.cfg's crs/ha keys plus the shutdown policy and worker cap. */
@Entity
@Table(name = "crs_settings")
public class CrsSettingsEntity {

    static final short ID = 1;

    @Id
    private short id = ID;

    private String ha;

    @Column(name = "rebalance_on_start")
    private boolean rebalanceOnStart;

    @Column(name = "auto_rebalance")
    private boolean autoRebalance;

    @Column(name = "auto_rebalance_threshold")
    private int autoRebalanceThreshold;

    @Column(name = "auto_rebalance_method")
    private String autoRebalanceMethod;

    @Column(name = "auto_rebalance_hold_duration")
    private int autoRebalanceHoldDuration;

    @Column(name = "auto_rebalance_margin")
    private int autoRebalanceMargin;

    @Column(name = "shutdown_policy")
    private String shutdownPolicy;

    @Column(name = "max_workers")
    private int maxWorkers;

    protected CrsSettingsEntity() {
    }

    /** The settings under their API names (Proxmox's hyphenated keys), in the documented order. */
    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ha", ha);
        out.put("ha-rebalance-on-start", rebalanceOnStart);
        out.put("ha-auto-rebalance", autoRebalance);
        out.put("ha-auto-rebalance-threshold", autoRebalanceThreshold);
        out.put("ha-auto-rebalance-method", autoRebalanceMethod);
        out.put("ha-auto-rebalance-hold-duration", autoRebalanceHoldDuration);
        out.put("ha-auto-rebalance-margin", autoRebalanceMargin);
        out.put("shutdown_policy", shutdownPolicy);
        out.put("max_workers", maxWorkers);
        return out;
    }

    /** Sets one setting by API name; the value was validated by the controller. */
    void set(String key, Object value) {
        switch (key) {
            case "ha" -> ha = (String) value;
            case "ha-rebalance-on-start" -> rebalanceOnStart = (Boolean) value;
            case "ha-auto-rebalance" -> autoRebalance = (Boolean) value;
            case "ha-auto-rebalance-threshold" -> autoRebalanceThreshold = (Integer) value;
            case "ha-auto-rebalance-method" -> autoRebalanceMethod = (String) value;
            case "ha-auto-rebalance-hold-duration" -> autoRebalanceHoldDuration = (Integer) value;
            case "ha-auto-rebalance-margin" -> autoRebalanceMargin = (Integer) value;
            case "shutdown_policy" -> shutdownPolicy = (String) value;
            case "max_workers" -> maxWorkers = (Integer) value;
            default -> throw new IllegalArgumentException("unknown CRS setting " + key);
        }
    }
}
