package io.ballast.proxmox;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Connection and behaviour of the Proxmox VE adapter ({@code ballast.proxmox.*}); only used when
 * {@code ballast.cluster.mode=proxmox}. {@link #toString()} never shows the token secret.
 *
 * @param url             API base, e.g. {@code https://pve1.example.org:8006} ({@code /api2/json} is appended);
 *                        several nodes separated by commas are tried in turn when one does not answer
 * @param tokenId         {@code USER@REALM!TOKENID}
 * @param secret          the token's secret (UUID)
 * @param caFile          PEM file with the CA (or self-signed certificate) to trust, or null
 * @param fingerprint     pinned SHA-256 fingerprint(s) of the server certificate(s) ("AB:CD:...", comma
 *                        separated for several nodes), or null
 * @param connectTimeout  TCP/TLS connect timeout
 * @param readTimeout     time to wait for one answer
 * @param retries         further attempts after a 5xx or connection error (0 = none)
 * @param retryBackoff    first backoff; doubled after every failed attempt
 * @param taskPoll        interval between polls of a running task
 * @param taskTimeout     give up following a task after this long (reported as a failure)
 * @param maxWorkers      concurrent actions per node (Proxmox's {@code max_workers}, default 4)
 * @param maxMigrations   concurrent migrations in the whole cluster
 * @param withLocalDisks  pass {@code with-local-disks=1} to VM migrations
 * @param shutdownTimeout default guest shutdown timeout
 * @param takeOverPveHa   manage guests that are also resources of Proxmox's own HA manager (default false)
 * @param fencing         how a failed node is confirmed fenced before its guests are recovered
 * @param recoveryCommand command moving a guest config off a fenced node ({@link CommandConfigMover})
 */
@ConfigurationProperties("ballast.proxmox")
@ConditionalOnProperty(name = "ballast.cluster.mode", havingValue = "proxmox")
public record ProxmoxProperties(String url, String tokenId, String secret, String caFile, String fingerprint,
                                Duration connectTimeout, Duration readTimeout, Integer retries,
                                Duration retryBackoff, Duration taskPoll, Duration taskTimeout, Integer maxWorkers,
                                Integer maxMigrations, boolean withLocalDisks, Duration shutdownTimeout,
                                boolean takeOverPveHa, Fencing fencing, List<String> recoveryCommand) {

    public ProxmoxProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
        retries = retries == null ? 3 : retries;
        retryBackoff = retryBackoff == null ? Duration.ofMillis(500) : retryBackoff;
        taskPoll = taskPoll == null ? Duration.ofSeconds(1) : taskPoll;
        taskTimeout = taskTimeout == null ? Duration.ofMinutes(30) : taskTimeout;
        maxWorkers = maxWorkers == null ? 4 : maxWorkers;
        maxMigrations = maxMigrations == null ? 2 : maxMigrations;
        shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(180) : shutdownTimeout;
        fencing = fencing == null ? Fencing.DEFAULTS : fencing;
        recoveryCommand = recoveryCommand == null ? List.of() : List.copyOf(recoveryCommand);
        if (retries < 0) {
            throw new IllegalArgumentException("ballast.proxmox.retries: must be >= 0, got " + retries);
        }
        if (maxWorkers < 1) {
            throw new IllegalArgumentException("ballast.proxmox.max-workers: must be >= 1, got " + maxWorkers);
        }
        if (maxMigrations < 1) {
            throw new IllegalArgumentException("ballast.proxmox.max-migrations: must be >= 1, got " + maxMigrations);
        }
    }

    /** Minimal settings for a connection; everything else at its default. */
    public static ProxmoxProperties of(String url, String tokenId, String secret) {
        return new ProxmoxProperties(url, tokenId, secret, null, null, null, null, null, null, null, null, null, null,
                false, null, false, null, null);
    }

    /** Checks what a connection needs; names the property and the reason. */
    public void validate() {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("ballast.proxmox.url: missing");
        }
        for (String u : urls()) {
            if (!(u.startsWith("https://") || u.startsWith("http://"))) {
                throw new IllegalArgumentException("ballast.proxmox.url: must be an http(s) URL, got '" + u + "'");
            }
        }
        if (tokenId == null || !tokenId.matches("[^@!\\s]+@[^@!\\s]+![^@!\\s=]+")) {
            throw new IllegalArgumentException("ballast.proxmox.token-id: must look like USER@REALM!TOKENID, got '"
                    + tokenId + "'");
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("ballast.proxmox.secret: missing");
        }
        if (caFile != null && fingerprint != null) {
            throw new IllegalArgumentException("ballast.proxmox.fingerprint: set either ca-file or fingerprint, not both");
        }
        if (fingerprint != null) {
            PveTls.pins(fingerprint);
        }
    }

    /** The API URLs in the order they are tried. */
    public List<String> urls() {
        return java.util.Arrays.stream(url.split(",")).map(String::strip).filter(u -> !u.isEmpty()).toList();
    }

    public ProxmoxProperties withFencing(Fencing f) {
        return new ProxmoxProperties(url, tokenId, secret, caFile, fingerprint, connectTimeout, readTimeout, retries,
                retryBackoff, taskPoll, taskTimeout, maxWorkers, maxMigrations, withLocalDisks, shutdownTimeout,
                takeOverPveHa, f, recoveryCommand);
    }

    public ProxmoxProperties withTiming(Duration readTimeout, int retries, Duration retryBackoff, Duration taskPoll) {
        return new ProxmoxProperties(url, tokenId, secret, caFile, fingerprint, connectTimeout, readTimeout, retries,
                retryBackoff, taskPoll, taskTimeout, maxWorkers, maxMigrations, withLocalDisks, shutdownTimeout,
                takeOverPveHa, fencing, recoveryCommand);
    }

    public ProxmoxProperties withTls(String caFile, String fingerprint) {
        return new ProxmoxProperties(url, tokenId, secret, caFile, fingerprint, connectTimeout, readTimeout, retries,
                retryBackoff, taskPoll, taskTimeout, maxWorkers, maxMigrations, withLocalDisks, shutdownTimeout,
                takeOverPveHa, fencing, recoveryCommand);
    }

    public ProxmoxProperties withLimits(int maxWorkers, int maxMigrations, boolean takeOverPveHa) {
        return new ProxmoxProperties(url, tokenId, secret, caFile, fingerprint, connectTimeout, readTimeout, retries,
                retryBackoff, taskPoll, taskTimeout, maxWorkers, maxMigrations, withLocalDisks, shutdownTimeout,
                takeOverPveHa, fencing, recoveryCommand);
    }

    @Override
    public String toString() {
        return "ProxmoxProperties[url=" + url + ", tokenId=" + tokenId + ", secret=" + (secret == null ? "null" : "***")
                + ", caFile=" + caFile + ", fingerprint=" + fingerprint + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", retries=" + retries + ", maxWorkers=" + maxWorkers
                + ", maxMigrations=" + maxMigrations + ", takeOverPveHa=" + takeOverPveHa + ", fencing=" + fencing
                + ", recoveryCommand=" + recoveryCommand + "]";
    }

    /**
     * Fencing settings.
     *
     * @param policy          quorum, command, both (each must confirm) or either
     * @param selfFenceDelay  how long a node must be absent from a quorate membership before it is taken as
     *                        self-fenced (default 180 s: 60 s watchdog + 120 s agent lock, spec §2.2)
     * @param command         external fence agent command; the node name is appended as last argument
     * @param commandTimeout  the command is killed and counted as failed after this long
     */
    public record Fencing(String policy, Duration selfFenceDelay, List<String> command, Duration commandTimeout) {
        public static final Fencing DEFAULTS = new Fencing(null, null, null, null);

        public Fencing {
            policy = policy == null ? "quorum" : policy.toLowerCase(Locale.ROOT);
            selfFenceDelay = selfFenceDelay == null ? Duration.ofSeconds(180) : selfFenceDelay;
            command = command == null ? List.of() : List.copyOf(command);
            commandTimeout = commandTimeout == null ? Duration.ofSeconds(60) : commandTimeout;
            if (!List.of("quorum", "command", "both", "either").contains(policy)) {
                throw new IllegalArgumentException("ballast.proxmox.fencing.policy: must be quorum, command, both or "
                        + "either, got '" + policy + "'");
            }
            if (!policy.equals("quorum") && command.isEmpty()) {
                throw new IllegalArgumentException("ballast.proxmox.fencing.command: required with policy '" + policy
                        + "'");
            }
        }
    }
}
