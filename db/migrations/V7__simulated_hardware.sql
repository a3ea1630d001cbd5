-- The simulated cluster's hardware as the operator left it (issue 17): power and network per node, written in the
-- transaction of the round that applied a change, read when the service (re)starts the simulation.
CREATE TABLE sim_node_hardware (
    node       varchar(64) PRIMARY KEY,
    power      boolean     NOT NULL,
    network    boolean     NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
