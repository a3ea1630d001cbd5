package io.ballast.proxmox;

import io.ballast.resource.ResourceService;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the adapter when {@code ballast.cluster.mode=proxmox}; the simulated cluster stays the default. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ballast.cluster.mode", havingValue = "proxmox")
public class ProxmoxConfiguration {

    @Bean
    PveClient pveClient(ProxmoxProperties props) {
        return new PveClient(props);
    }

    @Bean
    ProxmoxService proxmoxService(PveClient client, ProxmoxProperties props, ResourceService resources,
                                  @Value("${ballast.proxmox.act:false}") boolean act,
                                  @Value("${ballast.proxmox.round-interval:10s}") Duration interval,
                                  org.springframework.beans.factory.ObjectProvider<RoundHooks> hooks, Clock clock,
                                  org.springframework.beans.factory.ObjectProvider<io.ballast.metrics.BallastMetrics>
                                          metrics) {
        if (act) {
            props.checkRecoverySafety();
        }
        PveClient.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        PveObserver observer = new PveObserver(client);
        PveHypervisor hypervisor = new PveHypervisor(client, new PveTasks(client, props, sleeper), props);
        GuestConfigMover mover = props.recoveryCommand().isEmpty()
                ? (type, vmid, from, to) -> new GuestConfigMover.Result(false, "no recovery-command configured")
                : new CommandConfigMover(props.recoveryCommand(), props.unlockCommand(),
                        props.fencing().commandTimeout());
        RoundHooks roundHooks = hooks.getIfAvailable(() -> RoundHooks.NONE);
        ProxmoxEnvironment env = new ProxmoxEnvironment(observer, hypervisor, Fencer.of(props.fencing()),
                mover, new ResourceServiceCatalog(resources), props, roundHooks::newManager);
        metrics.ifAvailable(m -> env.onFailedAction(m::actionFailed));
        return new ProxmoxService(observer, env, act, interval, roundHooks, clock);
    }
}
