package io.ballast.core;

/**
 * Persisted {@code disarm} entry (spec §8).
 *
 * @param mode  "freeze" or "ignore"
 * @param state "disarming" or "disarmed"
 */
public record DisarmStatus(String mode, String state) {
    public boolean disarmed() {
        return "disarmed".equals(state);
    }
}
