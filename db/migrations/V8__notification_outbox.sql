-- Notifications of HA decisions (issue 17 item 4): written in the transaction of the round that decided, so a
-- notification exists exactly when its decision committed; the leader's sender delivers and marks each row.
CREATE TABLE notification_outbox (
    id              bigserial    PRIMARY KEY,
    kind            varchar(32)  NOT NULL,
    node            varchar(64),
    resource        varchar(32),
    message         varchar(1024) NOT NULL,
    term            bigint       NOT NULL,
    round           bigint,
    cluster_time    bigint,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    attempts        integer      NOT NULL DEFAULT 0,
    next_attempt_at timestamptz  NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    abandoned_at    timestamptz,
    last_error      varchar(512)
);
CREATE INDEX notification_outbox_pending ON notification_outbox (next_attempt_at, id)
    WHERE delivered_at IS NULL AND abandoned_at IS NULL;
