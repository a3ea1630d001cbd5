package io.ballast.web;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * A write refused by PostgreSQL because of another write: a constraint (class 23: duplicate key, foreign key)
 * or a concurrency failure that survived (serialization failure, deadlock, lock not available). Both mean "the
 * state changed under you", so the client gets 409 naming the API field where the constraint tells it.
 */
record DatabaseConflict(String type, String detail, FieldError error) {

    /** The API field and the reason for each constraint a concurrent write can hit (names from V1). */
    private static final Map<String, FieldError> CONSTRAINTS = Map.of(
            "ha_resource_pkey", new FieldError("sid", "a resource with this sid already exists"),
            "ha_resource_vmid_key", new FieldError("sid", "a resource with this VMID already exists"),
            "ha_rule_pkey", new FieldError("rule", "a rule with this id already exists"),
            "ha_rule_resource_sid_fkey", new FieldError("resources", "a member resource does not exist (any more)"),
            "ha_rule_resource_pkey", new FieldError("resources", "a member resource is listed twice"),
            "ha_rule_node_pkey", new FieldError("nodes", "a node is listed twice"),
            "node_pkey", new FieldError("node", "a node with this name already exists"),
            "node_request_node_fkey", new FieldError("node", "the node does not exist (any more)"));

    private static final Pattern KEY_COLUMN = Pattern.compile("Key \\(([a-z_]+)\\)");

    /** The conflict behind {@code failure}, if a PostgreSQL error in its cause chain is one. */
    static Optional<DatabaseConflict> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("23")) {
                    return Optional.of(constraint(sql));
                }
                if (state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
                    return Optional.of(unexplained(true));
                }
            }
        }
        return Optional.empty();
    }

    /** For a failure with no PostgreSQL error to read (never expected, but still the client's conflict). */
    static DatabaseConflict unexplained(boolean concurrency) {
        return concurrency
                ? new DatabaseConflict("/problems/concurrent-write", "a concurrent write changed the configuration; retry the request", null)
                : new DatabaseConflict("/problems/conflict", "refused by the database because of a concurrent write", null);
    }

    private static DatabaseConflict constraint(SQLException sql) {
        // a JDBC batch reports the statement's own error as the next exception
        SQLException own = sql instanceof PSQLException || sql.getNextException() == null ? sql : sql.getNextException();
        ServerErrorMessage server = own instanceof PSQLException p ? p.getServerErrorMessage() : null;
        String name = server == null ? null : server.getConstraint();
        FieldError error = name == null ? null : CONSTRAINTS.get(name);
        if (error == null && server != null && server.getDetail() != null) {
            Matcher m = KEY_COLUMN.matcher(server.getDetail());
            if (m.find()) {
                error = new FieldError(m.group(1), "conflicts with a concurrent write"
                        + (name == null ? "" : " (constraint " + name + ")"));
            }
        }
        String detail = "refused by the database because of a concurrent write"
                + (error == null ? "" : ": " + error.field() + ": " + error.reason());
        return new DatabaseConflict("/problems/conflict", detail, error);
    }
}
