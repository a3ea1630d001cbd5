-- An operator's confirmation that a failed node is powered off (issue 15: recovery only with a fencing proof).
-- Only meaningful while the node is being fenced; cleared as soon as the node is seen again.
ALTER TABLE node_request ADD COLUMN off_confirmed_at timestamptz;
