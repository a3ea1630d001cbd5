-- API tokens (issue 14): a token is blst_<id>_<secret>; only the SHA-256 of the secret is stored.
-- Revoking deletes the row; the audit trail keeps who created and revoked it.
CREATE TABLE api_token (
    id           varchar(12)  PRIMARY KEY CHECK (id ~ '^[0-9a-f]{12}$'),
    name         varchar(64)  NOT NULL UNIQUE,
    role         varchar(16)  NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    secret_hash  char(64)     NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    created_by   varchar(128) NOT NULL
);

-- The audit actor is the authenticated token's name; what a client says about itself (X-Ballast-Actor) is kept
-- apart, as a note.
ALTER TABLE audit_event ADD COLUMN actor_note varchar(128);
