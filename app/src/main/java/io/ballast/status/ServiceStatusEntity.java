package io.ballast.status;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/**
 * The manager's view of one service (service_status), read by the API. Written only by the manager's per-round
 * bulk replace (ManagerStore, JDBC), hence immutable here; the JSON columns are not needed by readers.
 */
@Entity
@Immutable
@Table(name = "service_status")
public class ServiceStatusEntity {

    @Id
    private String sid;

    private String state;

    private String node;

    protected ServiceStatusEntity() {
    }

    public String getSid() {
        return sid;
    }

    public String getState() {
        return state;
    }

    public String getNode() {
        return node;
    }
}
