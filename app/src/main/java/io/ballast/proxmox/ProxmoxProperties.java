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
 *                        several nodes separated by commas are tried in turn when one does not answer; https only
 *                        unless {@code allowPlainHttp}
 * @param tokenId         {@code USER@REALM!TOKENID}
 * @param secret          the token's secret (UUID)
 * @param caFile          PEM file with the CA (or self-signed certificate) to trust, or null
 * @param fingerprint     pinned SHA-256 fingerprints ("AB:CD:..."), a list or comma separated: every node's
 *                        pve-ssl.pem and pveproxy-ssl.pem, and their successors before a renewal; empty for
 *                        none. With {@code caFile} too, a certificate is accepted when either trusts it
 * @param connectTimeout  TCP/TLS connect timeout
 * @param readTimeout     time to wait for one answer
 * @param retries         further attempts after a 5xx or connection error (0 = none)
 * @param retryBackoff    first backoff; doubled after every failed attempt
 * @param taskPoll        interval between polls of a running task
 * @param taskTimeout     give up following a task after this long (reported as a failure)
 * @param maxWorkers      concurrent actions per node (Proxmox's {@code max_workers}, default 4)
 * @param maxMigrations   concurrent migrations in the whole cluster
 * @param migration       options of every migration (local disks, target storage), cluster-wide and per guest
 * @param shutdownTimeout default guest shutdown timeout
 * @param fencing         how a failed node is confirmed fenced before its guests are recovered
 * @param recoveryCommand command moving a guest config off a fenced node ({@link CommandConfigMover})
 * @param unlockCommand   command removing a recovered guest's leftover lock on its new node (Proxmox's HA does;
 *                        an API token cannot), e.g. {@code [ssh, "root@{to}", "{tool}", unlock, "{vmid}"]}
 * @param allowPlainHttp  accept {@code http://} URLs, and only to loopback addresses (test servers such as
 *                        {@code ./ballast fake-pve}); the token would otherwise travel in clear
 * @param observeTimeout  longest wait for one read while observing the cluster
 * @param observeBudget   longest time one observation may take, retries included
 */
@ConfigurationProperties("ballast.proxmox")
@ConditionalOnProperty(name = "ballast.cluster.mode", havingValue = "proxmox")
public record ProxmoxProperties(String url, String tokenId, String secret, String caFile, List<String> fingerprint,
                                Duration connectTimeout, Duration readTimeout, Integer retries,
                                Duration retryBackoff, Duration taskPoll, Duration taskTimeout, Integer maxWorkers,
                                Integer maxMigrations, Migration migration, Duration shutdownTimeout,
                                Fencing fencing, List<String> recoveryCommand,
                                List<String> unlockCommand, boolean allowPlainHttp, Duration observeTimeout, Duration observeBudget) {

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
        migration = migration == null ? Migration.DEFAULTS : migration;
        recoveryCommand = recoveryCommand == null ? List.of() : List.copyOf(recoveryCommand);
        unlockCommand = unlockCommand == null ? List.of() : List.copyOf(unlockCommand);
        fingerprint = fingerprint == null ? List.of() : fingerprint.stream()
                .flatMap(f -> java.util.Arrays.stream(f.split(","))).map(String::strip).filter(f -> !f.isEmpty())
                .toList();
        observeTimeout = observeTimeout == null ? Duration.ofSeconds(5) : observeTimeout;
        observeBudget = observeBudget == null ? Duration.ofSeconds(20) : observeBudget;
        if (observeTimeout.isNegative() || observeTimeout.isZero()) {
            throw new IllegalArgumentException("ballast.proxmox.observe-timeout: must be > 0, got " + observeTimeout);
        }
        if (observeBudget.compareTo(observeTimeout) < 0) {
            throw new IllegalArgumentException("ballast.proxmox.observe-budget: must be at least observe-timeout ("
                    + observeTimeout + "), got " + observeBudget);
        }
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
                null, null, null, null, null, false, null, null);
    }

    /** Checks what a connection needs; names the property and the reason. */
    public void validate() {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("ballast.proxmox.url: missing");
        }
        for (String u : urls()) {
            if (u.startsWith("http://")) {
                checkPlainHttp(u);
            } else if (!u.startsWith("https://")) {
                throw new IllegalArgumentException("ballast.proxmox.url: must be an https URL, got '" + u + "'");
            }
        }
        if (tokenId == null || !tokenId.matches("[^@!\\s]+@[^@!\\s]+![^@!\\s=]+")) {
            throw new IllegalArgumentException("ballast.proxmox.token-id: must look like USER@REALM!TOKENID, got '"
                    + tokenId + "'");
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("ballast.proxmox.secret: missing");
        }
        PveTls.pins(fingerprint);
    }

    /**
     * Refuses the combination that can run a guest twice: a recovery command (configs moved off failed nodes) with a
     * policy under which the quorum timer alone confirms a node fenced, while nobody stated that the nodes' watchdogs
     * are armed. A node cut off from the cluster (not dead) keeps its guests running then, and Proxmox arms a node's
     * watchdog only while it runs guests of Proxmox's own HA.
     */
    public void checkRecoverySafety() {
        if (!recoveryCommand.isEmpty() && fencing.quorumAloneConfirms() && !fencing.watchdogArmed()) {
            throw new IllegalArgumentException("ballast.proxmox.fencing.policy: '" + fencing.policy() + "' with a "
                    + "recovery-command would recover the guests of a node that is only cut off, not off, after "
                    + fencing.selfFenceDelay().toSeconds() + " s: they would run twice. Proxmox arms a node's watchdog "
                    + "only while it runs Proxmox HA guests. Use policy 'command' or 'both' (a fence agent that powers "
                    + "the node off), or 'operator' (confirm each failed node off with POST "
                    + "/api/v1/nodes/{node}/fenced), or set ballast.proxmox.fencing.watchdog-armed=true if every node's "
                    + "watchdog resets it when it loses quorum");
        }
    }

    /** Plain HTTP sends the token in clear: only on request, and only to this host itself. */
    private void checkPlainHttp(String u) {
        if (!allowPlainHttp) {
            throw new IllegalArgumentException("ballast.proxmox.url: '" + u + "' would send the API token in clear; "
                    + "use https:// (plain http is only for a test server on this host, with "
                    + "ballast.proxmox.allow-plain-http=true)");
        }
        String host;
        try {
            host = java.net.URI.create(u).getHost();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ballast.proxmox.url: not a URL: '" + u + "'", e);
        }
        if (!isLoopback(host)) {
            throw new IllegalArgumentException("ballast.proxmox.allow-plain-http: allows only loopback addresses "
                    + "(127.0.0.0/8, localhost, ::1), got '" + u + "'");
        }
    }

    /** Loopback by its literal form only: a name other than localhost is never resolved, it could point anywhere. */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return h.startsWith("127.");
        }
        if (h.contains(":")) {
            try {
                return java.net.InetAddress.getByName(h).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** The API URLs in the order they are tried. */
    public List<String> urls() {
        return java.util.Arrays.stream(url.split(",")).map(String::strip).filter(u -> !u.isEmpty()).toList();
    }

    public ProxmoxProperties withFencing(Fencing f) {
        return new ProxmoxProperties(url, tokenId, secret, caFile, fingerprint, connectTimeout, readTimeout, retries,
                retryBackoff, taskPoll, taskTimeout, maxWorkers, maxMigrations, migration, shutdownTimeout,
                f, recoveryCommand, unlockCommand, allowPlainHttp, observeTimeout, observeBudget);
    }

    public ProxmoxProperties withTiming(Duration readTimeout, int retries, Duration retryBackoff, Duration taskPoll) {
        return new ProxmoxProperties(url, tokenId, secret, caFile, fingerprint, connectTimeout, readTimeout, retries,
                retryBackoff, taskPoll, taskTimeout, maxWorkers, maxMigrations, migration, shutdownTimeout,
                fencing, recoveryCommand, unlockCommand, allowPlainHttp, observeTimeout, observeBudget);
    }

    public ProxmoxProperties withTls(String caFile, String fingerprint) {
        return new ProxmoxProperties(url, tokenId, secret, caFile, fingerprint == null ? null : List.of(fingerprint), connectTimeout, readTimeout, retries,
                retryBackoff, taskPoll, taskTimeout, maxWorkers, maxMigrations, migration, shutdownTimeout,
                fencing, recoveryCommand, unlockCommand, allowPlainHttp, observeTimeout, observeBudget);
    }

    public ProxmoxProperties withLimits(int maxWorkers, int maxMigrations) {
        return new ProxmoxProperties(url, tokenId, secret, caFile, fingerprint, connectTimeout, readTimeout, retries,
                retryBackoff, taskPoll, taskTimeout, maxWorkers, maxMigrations, migration, shutdownTimeout,
                fencing, recoveryCommand, unlockCommand, allowPlainHttp, observeTimeout, observeBudget);
    }

    public ProxmoxProperties withMigration(Migration m) {
        return new ProxmoxProperties(url, tokenId, secret, caFile, fingerprint, connectTimeout, readTimeout, retries,
                retryBackoff, taskPoll, taskTimeout, maxWorkers, maxMigrations, m, shutdownTimeout,
                fencing, recoveryCommand, unlockCommand, allowPlainHttp, observeTimeout, observeBudget);
    }

    public ProxmoxProperties withPlainHttp(boolean allow) {
        return new ProxmoxProperties(url, tokenId, secret, caFile, fingerprint, connectTimeout, readTimeout, retries,
                retryBackoff, taskPoll, taskTimeout, maxWorkers, maxMigrations, migration, shutdownTimeout,
                fencing, recoveryCommand, unlockCommand, allow, observeTimeout, observeBudget);
    }

    public ProxmoxProperties withObservation(Duration timeout, Duration budget) {
        return new ProxmoxProperties(url, tokenId, secret, caFile, fingerprint, connectTimeout, readTimeout, retries,
                retryBackoff, taskPoll, taskTimeout, maxWorkers, maxMigrations, migration, shutdownTimeout,
                fencing, recoveryCommand, unlockCommand, allowPlainHttp, timeout, budget);
    }

    @Override
    public String toString() {
        return "ProxmoxProperties[url=" + url + ", tokenId=" + tokenId + ", secret=" + (secret == null ? "null" : "***")
                + ", caFile=" + caFile + ", fingerprint=" + fingerprint + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", retries=" + retries + ", maxWorkers=" + maxWorkers
                + ", maxMigrations=" + maxMigrations + ", migration=" + migration + ", fencing=" + fencing
                + ", recoveryCommand=" + recoveryCommand + ", unlockCommand=" + unlockCommand + ", allowPlainHttp=" + allowPlainHttp + ", observeTimeout="
                + observeTimeout + ", observeBudget=" + observeBudget + "]";
    }

    /**
     * Options sent with migrations ({@code ballast.proxmox.migration.*}). Proxmox's own HA sends
     * {@code with-local-disks=1} with every VM migration (and {@code force=1}, which only root@pam may send; Ballast's
     * token cannot), so local disks move along by default and maintenance evacuates clusters on local LVM or ZFS.
     *
     * @param withLocalDisks copy local disks to the target with a VM's migration (default true)
     * @param targetStorage  storage on the target node for moved disks (VM {@code targetstorage}, container
     *                       {@code target-storage}); null: the same storage ids as on the source
     * @param guests         per guest, by sid ({@code guests."[vm:100]".target-storage}): overrides of the two above
     */
    public record Migration(Boolean withLocalDisks, String targetStorage, java.util.Map<String, Guest> guests) {
        public static final Migration DEFAULTS = new Migration(null, null, null);

        public Migration {
            withLocalDisks = withLocalDisks == null ? Boolean.TRUE : withLocalDisks;
            guests = guests == null ? java.util.Map.of() : java.util.Map.copyOf(guests);
            for (var e : guests.entrySet()) {
                if (!e.getKey().matches("(vm|ct):[1-9][0-9]{2,8}")) {
                    throw new IllegalArgumentException("ballast.proxmox.migration.guests: '" + e.getKey()
                            + "' is not a guest id like vm:100 or ct:101 (write the key as \"[vm:100]\")");
                }
            }
        }

        /** One guest's overrides; null keeps the cluster-wide value. */
        public record Guest(Boolean withLocalDisks, String targetStorage) {
        }

        /** Whether {@code sid}'s migration copies local disks. */
        public boolean withLocalDisks(String sid) {
            Guest g = guests.get(sid);
            return g != null && g.withLocalDisks() != null ? g.withLocalDisks() : withLocalDisks;
        }

        /** The target storage of {@code sid}'s migration, or null. */
        public String targetStorage(String sid) {
            Guest g = guests.get(sid);
            return g != null && g.targetStorage() != null ? g.targetStorage() : targetStorage;
        }
    }

    /**
     * Fencing settings.
     *
     * @param policy          quorum, command, both (each must confirm), either, or operator (only an operator's
     *                        confirmation; one is accepted under every policy)
     * @param selfFenceDelay  how long a node must be absent from a quorate membership before it is taken as
     *                        self-fenced (default 180 s: 60 s watchdog + 120 s agent lock, spec §2.2)
     * @param command         external fence agent command; the node name is appended as last argument
     * @param commandTimeout  the command is killed and counted as failed after this long
     * @param watchdogArmed   the operator states that every node's watchdog resets it once it loses quorum (what
     *                        the quorum policy relies on); Proxmox arms it only on nodes running its own HA guests
     */
    public record Fencing(String policy, Duration selfFenceDelay, List<String> command, Duration commandTimeout,
                          boolean watchdogArmed) {
        public static final Fencing DEFAULTS = new Fencing(null, null, null, null, false);

        /** Whether the quorum timer alone can confirm a node fenced. */
        public boolean quorumAloneConfirms() {
            return policy.equals("quorum") || policy.equals("either");
        }

        public Fencing {
            policy = policy == null ? "quorum" : policy.toLowerCase(Locale.ROOT);
            selfFenceDelay = selfFenceDelay == null ? Duration.ofSeconds(180) : selfFenceDelay;
            command = command == null ? List.of() : List.copyOf(command);
            commandTimeout = commandTimeout == null ? Duration.ofSeconds(60) : commandTimeout;
            if (!List.of("quorum", "command", "both", "either", "operator").contains(policy)) {
                throw new IllegalArgumentException("ballast.proxmox.fencing.policy: must be quorum, command, both, "
                        + "either or operator, got '" + policy + "'");
            }
            if (!policy.equals("quorum") && !policy.equals("operator") && command.isEmpty()) {
                throw new IllegalArgumentException("ballast.proxmox.fencing.command: required with policy '" + policy
                        + "'");
            }
        }
    }
}
