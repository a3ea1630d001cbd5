-- Plans an operator approves (issue 16 item 3): the CRS automation level and the rebalancing proposals the
-- manager makes instead of moving guests at levels partial and manual.
ALTER TABLE crs_settings ADD COLUMN automation_level varchar(8) NOT NULL DEFAULT 'full'
    CHECK (automation_level IN ('full', 'partial', 'manual'));

CREATE TABLE rebalance_proposal (
    id               varchar(64)      PRIMARY KEY,          -- from the decision core: p<round time>-<basis hash>
    state            varchar(16)      NOT NULL
                     CHECK (state IN ('proposed', 'applied', 'dismissed', 'expired', 'done')),
    created_at       timestamptz      NOT NULL DEFAULT now(),
    cluster_time     bigint           NOT NULL,             -- the round's time (seconds) it was computed in
    round            bigint,                                -- manager round that created it
    method           varchar(16)      NOT NULL,             -- bruteforce, topsis, plan
    imbalance_before double precision NOT NULL,
    waves            jsonb            NOT NULL,             -- [{moves: [{sid, members, from, to, kind, memory, reason}], imbalance_after}]
    basis            varchar(128)     NOT NULL,             -- p=<placement>;c=<configuration>;u=<usage> fingerprints
    waves_started    integer          NOT NULL DEFAULT 0,
    expires_reason   varchar(512),                          -- why it expired (state expired only)
    decided_by       varchar(128),                          -- token that applied or dismissed it
    decided_at       timestamptz,
    finished_at      timestamptz,                           -- expired, done
    updated_at       timestamptz      NOT NULL DEFAULT now()
);
CREATE INDEX rebalance_proposal_created ON rebalance_proposal (created_at DESC, id);
-- at most one proposal open or running at a time
CREATE UNIQUE INDEX rebalance_proposal_one_open ON rebalance_proposal ((true)) WHERE state IN ('proposed', 'applied');
