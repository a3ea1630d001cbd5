package io.ballast.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param adminTokenFile where the first start writes the admin token it creates (owner-only); empty = none
 * @param bootstrapToken for tests only: an admin token (name {@code bootstrap}) with this exact value is seeded at
 *                       start, so test clients know a token in advance. Never set it in production: the value
 *                       then sits in a configuration file or on a command line.
 */
@ConfigurationProperties("ballast.security")
public record SecurityProperties(String adminTokenFile, String bootstrapToken) {
    public SecurityProperties {
        adminTokenFile = adminTokenFile == null ? "" : adminTokenFile.strip();
        bootstrapToken = bootstrapToken == null ? "" : bootstrapToken.strip();
    }
}
