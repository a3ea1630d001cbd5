-- Ballast initial schema. Configuration tables mirror Proxmox HA config; manager tables are
-- written by the HA manager; audit_event also holds later decision/action rows (nullable columns).

CREATE TABLE node (
    name        varchar(64) PRIMARY KEY,
    state       varchar(16) NOT NULL DEFAULT 'online'
);

CREATE TABLE ha_resource (
    sid          varchar(32)   PRIMARY KEY,            -- vm:ID / ct:ID
    type         varchar(2)    NOT NULL CHECK (type IN ('vm', 'ct')),
    vmid         integer       NOT NULL CHECK (vmid >= 10),
    state        varchar(16)   NOT NULL DEFAULT 'started'
                 CHECK (state IN ('started', 'stopped', 'ignored', 'disabled')),
    max_restart  integer       NOT NULL DEFAULT 1 CHECK (max_restart >= 0),
    max_relocate integer       NOT NULL DEFAULT 1 CHECK (max_relocate >= 0),
    failback     boolean       NOT NULL DEFAULT true,
    rebalance    boolean       NOT NULL DEFAULT true,
    comment      varchar(4096),
    created_at   timestamptz   NOT NULL DEFAULT now(),
    updated_at   timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (vmid)                                      -- a VMID is one guest, vm or ct
);

CREATE TABLE ha_rule (
    id          varchar(128) PRIMARY KEY CHECK (id ~ '^[a-zA-Z][a-zA-Z0-9_-]+$'),
    type        varchar(32)  NOT NULL CHECK (type IN ('node-affinity', 'resource-affinity')),
    disable     boolean      NOT NULL DEFAULT false,
    comment     varchar(4096),
    sort_order  integer      NOT NULL DEFAULT 0,
    strict      boolean,                                -- node-affinity only
    affinity    varchar(16) CHECK (affinity IN ('positive', 'negative')), -- resource-affinity only
    CHECK ((type = 'node-affinity' AND affinity IS NULL)
        OR (type = 'resource-affinity' AND strict IS NULL AND affinity IS NOT NULL))
);

CREATE TABLE ha_rule_resource (
    rule_id varchar(128) NOT NULL REFERENCES ha_rule (id) ON DELETE CASCADE,
    sid     varchar(32)  NOT NULL REFERENCES ha_resource (sid),
    PRIMARY KEY (rule_id, sid)
);

CREATE TABLE ha_rule_node (
    rule_id  varchar(128) NOT NULL REFERENCES ha_rule (id) ON DELETE CASCADE,
    node     varchar(64)  NOT NULL,
    priority integer      NOT NULL DEFAULT 0 CHECK (priority >= 0),
    PRIMARY KEY (rule_id, node)
);

CREATE TABLE crs_settings (
    id                         smallint     PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    ha                         varchar(16)  NOT NULL DEFAULT 'basic' CHECK (ha IN ('basic', 'static', 'dynamic')),
    rebalance_on_start         boolean      NOT NULL DEFAULT false,
    auto_rebalance             boolean      NOT NULL DEFAULT false,
    auto_rebalance_threshold   integer      NOT NULL DEFAULT 30 CHECK (auto_rebalance_threshold BETWEEN 0 AND 100),
    auto_rebalance_method      varchar(16)  NOT NULL DEFAULT 'bruteforce'
                               CHECK (auto_rebalance_method IN ('bruteforce', 'topsis', 'plan')),
    auto_rebalance_hold_duration integer    NOT NULL DEFAULT 3 CHECK (auto_rebalance_hold_duration >= 0),
    auto_rebalance_margin      integer      NOT NULL DEFAULT 10 CHECK (auto_rebalance_margin BETWEEN 0 AND 100),
    shutdown_policy            varchar(16)  NOT NULL DEFAULT 'conditional'
                               CHECK (shutdown_policy IN ('conditional', 'freeze', 'failover', 'migrate')),
    max_workers                integer      NOT NULL DEFAULT 4 CHECK (max_workers >= 1)
);
INSERT INTO crs_settings (id) VALUES (1);

CREATE TABLE node_request (
    node        varchar(64) PRIMARY KEY REFERENCES node (name),
    maintenance boolean     NOT NULL DEFAULT false,
    requested_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE arm_state (
    id            smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    disarmed      boolean     NOT NULL DEFAULT false,
    resource_mode varchar(8)  CHECK (resource_mode IN ('freeze', 'ignore')),
    changed_at    timestamptz
);
INSERT INTO arm_state (id) VALUES (1);

CREATE TABLE service_status (
    sid              varchar(32) PRIMARY KEY,
    state            varchar(32) NOT NULL,
    node             varchar(64),
    target           varchar(64),
    uid              varchar(64),
    running          boolean,
    failed_nodes     jsonb,
    maintenance_node varchar(64),
    cmd              jsonb,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE node_status (
    node       varchar(64) PRIMARY KEY,
    state      varchar(32) NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE manager_state (
    id                     smallint    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    rebalance_hold_counter integer     NOT NULL DEFAULT 0,
    round                  bigint      NOT NULL DEFAULT 0,
    updated_at             timestamptz NOT NULL DEFAULT now()
);
INSERT INTO manager_state (id) VALUES (1);

CREATE TABLE crm_command (
    id          bigserial    PRIMARY KEY,
    sid         varchar(32)  NOT NULL,
    command     varchar(16)  NOT NULL CHECK (command IN ('migrate', 'relocate', 'stop')),
    target_node varchar(64),
    timeout     integer,
    actor       varchar(128) NOT NULL,
    queued_at   timestamptz  NOT NULL DEFAULT now(),
    consumed_at timestamptz
);
CREATE INDEX crm_command_pending ON crm_command (id) WHERE consumed_at IS NULL;

CREATE TABLE audit_event (
    id                bigserial    PRIMARY KEY,
    at                timestamptz  NOT NULL DEFAULT now(),
    kind              varchar(16)  NOT NULL DEFAULT 'config' CHECK (kind IN ('config', 'decision', 'action')),
    actor             varchar(128) NOT NULL,
    entity_type       varchar(32)  NOT NULL,
    entity_id         varchar(128),
    operation         varchar(32)  NOT NULL,
    before            jsonb,
    after             jsonb,
    round             bigint,
    rule_base_version varchar(64),
    explanation       jsonb
);
CREATE INDEX audit_event_entity ON audit_event (entity_type, entity_id, at);
CREATE INDEX audit_event_at ON audit_event (at);
