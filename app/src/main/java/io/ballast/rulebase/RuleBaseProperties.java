package io.ballast.rulebase;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the DRL rule base comes from.
 *
 * @param dir          directory of {@code *.drl} files; empty = the copy packaged in the jar
 * @param pollInterval how often the directory is checked for changes; empty or 0 (the default) = never
 */
@ConfigurationProperties("ballast.rules")
public record RuleBaseProperties(String dir, Duration pollInterval) {
    public RuleBaseProperties {
        dir = dir == null ? "" : dir.strip();
        pollInterval = pollInterval == null ? Duration.ZERO : pollInterval;
    }
}
