package io.ballast.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.ballast.lease.LeaderLease;
import io.ballast.lease.LeaseProperties;
import tools.jackson.databind.json.JsonMapper;

/** Only the active manager sends: a standby does not even read the outbox. */
class WebhookSenderLeaderTest {

    @Test
    void aStandbySendsNothing() {
        // a database nobody can reach: any query would throw
        DriverManagerDataSource unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none");
        LeaderLease standby = new LeaderLease(unreachable, new LeaseProperties(true, Duration.ofSeconds(1),
                Duration.ofSeconds(3)), "standby-1");
        assertThat(standby.isLeader()).isFalse();
        WebhookSender sender = new WebhookSender(new WebhookProperties("http://127.0.0.1:9/hook", null, null, null,
                null, null, null), new JdbcTemplate(unreachable), null,
                new StaticListableBeanFactory(Map.of("lease", standby)).getBeanProvider(LeaderLease.class),
                JsonMapper.builder().build(), Clock.systemUTC());

        assertThat(sender.sendDue()).isZero();
    }
}
