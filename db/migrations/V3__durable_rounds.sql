-- Decide -> persist -> act (issue 13 part 2): the database is the only restart source of the manager.

-- the manager status in full, so a restart or a new leader continues exactly where the last round stopped
ALTER TABLE service_status ADD COLUMN timeout integer;
ALTER TABLE manager_state
    ADD COLUMN master_node  varchar(64),
    ADD COLUMN cluster_time bigint,
    ADD COLUMN maintenance  jsonb,      -- nodes the manager itself holds in maintenance (not the operator's wish)
    ADD COLUMN disarm       jsonb;      -- {"mode": ..., "state": ...} while HA is disarmed

-- the agents' work on Proxmox: planned with the round that decided it, then posted; a task posted but not yet
-- seen to end is followed by its UPID after a restart instead of being posted again
CREATE TABLE agent_task (
    uid        varchar(96)  PRIMARY KEY,
    sid        varchar(32)  NOT NULL,
    node       varchar(64)  NOT NULL,
    request    varchar(32)  NOT NULL,
    step       varchar(16)  NOT NULL CHECK (step IN ('start', 'stop', 'shutdown', 'migrate', 'relocate',
                                                     'move-config', 'none')),
    target     varchar(64),
    timeout    integer,
    guest_lock varchar(32),                -- a recovery's leftover lock, removed after the config move
    phase      varchar(8)   NOT NULL CHECK (phase IN ('planned', 'posting', 'running', 'done')),
    upid       varchar(256),
    posted_at  bigint       NOT NULL DEFAULT 0,
    tries      integer      NOT NULL DEFAULT 0,
    exit_code  integer,
    past_upids jsonb        NOT NULL DEFAULT '[]',
    term       bigint       NOT NULL DEFAULT 0,
    updated_at timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX agent_task_sid ON agent_task (sid);
