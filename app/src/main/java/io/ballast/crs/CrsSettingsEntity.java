package io.ballast.crs;

import io.ballast.rules.pve.CrsConfig;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/** The single row of crs_settings (id = 1, created by the migration). */
@Entity
@Table(name = "crs_settings")
public class CrsSettingsEntity {

    static final short ID = 1;

    @Id
    private short id;

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

    private String admission;

    @Column(name = "automation_level")
    private String automationLevel;

    protected CrsSettingsEntity() {
    }

    /** The settings under their Proxmox names (datacenter.cfg crs/ha keys), in the documented order. */
    public Map<String, Object> toMap() {
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
        out.put("admission", admission);
        out.put("automation-level", automationLevel);
        return out;
    }

    /** off, warn or strict: what a configuration write that breaks N+1 gets ({@link Admission}). */
    public String admission() {
        return admission;
    }

    /** Sets one key by its Proxmox name; the value was validated by {@link CrsService}. */
    void set(String key, Object v) {
        switch (key) {
            case "ha" -> ha = (String) v;
            case "ha-rebalance-on-start" -> rebalanceOnStart = (Boolean) v;
            case "ha-auto-rebalance" -> autoRebalance = (Boolean) v;
            case "ha-auto-rebalance-threshold" -> autoRebalanceThreshold = (Integer) v;
            case "ha-auto-rebalance-method" -> autoRebalanceMethod = (String) v;
            case "ha-auto-rebalance-hold-duration" -> autoRebalanceHoldDuration = (Integer) v;
            case "ha-auto-rebalance-margin" -> autoRebalanceMargin = (Integer) v;
            case "shutdown_policy" -> shutdownPolicy = (String) v;
            case "max_workers" -> maxWorkers = (Integer) v;
            case "admission" -> admission = (String) v;
            case "automation-level" -> automationLevel = (String) v;
            default -> throw new IllegalArgumentException("unknown crs key " + key);
        }
    }

    public String getHa() {
        return ha;
    }

    /** The settings as the decision core reads them. */
    public CrsConfig toCrsConfig() {
        return new CrsConfig(ha, rebalanceOnStart, autoRebalance, autoRebalanceThreshold, autoRebalanceMethod,
                autoRebalanceHoldDuration, autoRebalanceMargin, automationLevel);
    }

    public String getShutdownPolicy() {
        return shutdownPolicy;
    }

    public int getMaxWorkers() {
        return maxWorkers;
    }
}
