package io.ballast.security;

import java.io.Serializable;
import java.time.Instant;

/** A stored API token without its secret: what an authenticated request carries as its principal. */
public record ApiToken(String id, String name, Role role, Instant createdAt, String createdBy) implements Serializable {
}
