-- Leader election among Ballast instances sharing this database (io.ballast.lease.LeaderLease).
-- One row: whoever holds an unexpired lease runs the HA manager; the others stand by.
-- Expiry is computed with the database clock only, so clock skew between instances does not matter.
-- term grows by one whenever an instance acquires the lease (a new holder, or a holder coming back after
-- losing it) and never decreases: writes guarded by a term cannot be mistaken for a later leader's.

CREATE TABLE manager_lease (
    id          smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    holder      text,                                  -- instance id (ballast.instance.id); null = free
    term        bigint      NOT NULL DEFAULT 0 CHECK (term >= 0),
    acquired_at timestamptz,
    renewed_at  timestamptz,
    expires_at  timestamptz
);
INSERT INTO manager_lease (id) VALUES (1);

-- the term is a fencing token: refuse any update that would take it back
CREATE FUNCTION manager_lease_term_monotonic() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.term < OLD.term THEN
        RAISE EXCEPTION 'manager_lease.term must not decrease (% -> %)', OLD.term, NEW.term;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER manager_lease_term_monotonic BEFORE UPDATE ON manager_lease
    FOR EACH ROW EXECUTE FUNCTION manager_lease_term_monotonic();
