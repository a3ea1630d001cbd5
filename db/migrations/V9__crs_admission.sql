-- Admission check (issue 16): off, warn or strict; whether a configuration write that breaks N+1 is accepted.
ALTER TABLE crs_settings ADD COLUMN admission text NOT NULL DEFAULT 'off'
    CHECK (admission IN ('off', 'warn', 'strict'));
