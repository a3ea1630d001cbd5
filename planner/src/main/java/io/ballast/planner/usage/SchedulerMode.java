package io.ballast.planner.usage;

/** The CRS scheduler mode ({@code crs: ha=}): what "load" means when nodes are scored. */
public enum SchedulerMode {
    /** Load = number of HA resources counted on the node. */
    BASIC,
    /** Load = configured maxcpu/maxmem of the counted resources. */
    STATIC,
    /** Load = measured node usage plus the size of resources that are starting. */
    DYNAMIC;

    public static SchedulerMode parse(String value) {
        return switch (value == null ? "basic" : value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "basic" -> BASIC;
            case "static" -> STATIC;
            case "dynamic" -> DYNAMIC;
            default -> throw new IllegalArgumentException("unknown scheduler mode '" + value + "' (basic, static, dynamic)");
        };
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
