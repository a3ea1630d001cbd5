package io.ballast.proxmox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * An in-process fake of the Proxmox VE API ({@code /api2/json}) with the real answers' JSON shapes and the
 * task lifecycle (running → stopped with an exit status), plus failure injection. Records every request
 * except reads of task status/logs in {@link #requests()} as "METHOD path {form}".
 * The adapter's tests run against it, and {@code ./ballast fake-pve} serves it so an operator can try the
 * Proxmox mode without a cluster ({@link FakePveCli}). It lives in the main code for that reason only: nothing
 * in the service's own path uses it. Each instance accepts one API token whose secret is generated at random.
 *
 * <p>It behaves like a real cluster where the adapter's safety depends on it: tasks may end {@code WARNINGS: N}
 * (a success), a locked guest's action fails inside its task ({@code VM is locked (migrate)}), a migration holds
 * the {@code migrate} lock while it runs, an action may be answered 596 after it started, an unknown UPID is a
 * 400, and one node's API ({@code /nodes/{node}/...}, proxied by the node Ballast talks to) may fail or hang.
 */
final class FakePve implements AutoCloseable {

    static final String TOKEN_ID = "ballast@pve!ha";
    static final long GIB = 1024L * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TASK = Pattern.compile("/nodes/([^/]+)/tasks/([^/]+)/(status|log)");
    private static final Pattern ACTION = Pattern.compile(
            "/nodes/([^/]+)/(qemu|lxc)/(\\d+)/(status/start|status/stop|status/shutdown|migrate|config)");
    private static final Pattern NODE_STATUS = Pattern.compile("/nodes/([^/]+)/status");
    private static final Pattern NODE_PATH = Pattern.compile("/nodes/([^/]+)/.*");
    private static final Pattern NODE_TASKS = Pattern.compile("/nodes/([^/]+)/tasks");
    private static final Pattern GUEST_STATUS = Pattern.compile("/nodes/([^/]+)/(qemu|lxc)/(\\d+)/status/current");

    /** How a node's own API answers (requests to {@code /nodes/{node}/...}). */
    enum Api { OK, FAIL, HANG }

    static final class Node {
        final String name;
        boolean online = true;
        final int cpus;
        final long maxmem;
        double cpu;
        long mem;
        /** FAIL: answered 595 by the proxy; HANG: no answer until {@link #close()}. */
        volatile Api api = Api.OK;
        /** The node's figures are missing from /cluster/resources (its statistics daemon is silent). */
        volatile boolean statsMissing;
        /** When the node left the cluster (fake clock, ms); its guests keep their last values for a while. */
        long offlineAt;

        Node(String name, int cpus, long maxmem) {
            this.name = name;
            this.cpus = cpus;
            this.maxmem = maxmem;
        }
    }

    static final class Guest {
        final int vmid;
        final String type;
        String node;
        String status;
        final int maxcpu;
        final long maxmem;
        double cpu;
        long mem;
        String lock;

        Guest(int vmid, String type, String node, String status, int maxcpu, long maxmem) {
            this.vmid = vmid;
            this.type = type;
            this.node = node;
            this.status = status;
            this.maxcpu = maxcpu;
            this.maxmem = maxmem;
        }
    }

    static final class Task {
        final String upid;
        final String node;
        final String type;
        final String id;
        final long starttime = System.currentTimeMillis() / 1000;
        int pollsLeft;
        String exitstatus = "OK";
        /** The action takes effect at the end (false: it failed, whatever the exit status says). */
        boolean effective = true;
        Runnable onSuccess;
        Runnable onEnd;
        Runnable onFirstPoll;
        final List<String> log = new ArrayList<>();

        Task(String upid, String node, String type, String id, int polls) {
            this.upid = upid;
            this.node = node;
            this.type = type;
            this.id = id;
            this.pollsLeft = polls;
        }

        boolean running() {
            return pollsLeft >= 0;
        }
    }

    static {
        // without it the JDK server's header and body writes meet Nagle + delayed ACK: ~40 ms per request
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newCachedThreadPool(
            r -> {
                Thread t = new Thread(r, "fake-pve");
                t.setDaemon(true);
                return t;
            });
    final Map<String, Node> nodes = new TreeMap<>();
    final Map<Integer, Guest> guests = new TreeMap<>();
    /** Resources of Proxmox's own HA manager: sid → requested state there ("started", "ignored", ...). */
    final Map<String, String> pveHa = new TreeMap<>();
    /** The datacenter's crs option ({@code GET /cluster/options}), null when unset. */
    volatile String crsOption;
    final Map<String, Task> tasks = new LinkedHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private final AtomicInteger pid = new AtomicInteger(0x1000);
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    /** This instance's token secret, random per instance: nothing ships a fixed one. */
    private final String secret = java.util.UUID.randomUUID().toString();
    volatile boolean quorate = true;
    volatile String validSecret = secret;
    /** Answer the next n requests with {@link #burstStatus} before they reach the API: nothing runs. */
    final AtomicInteger fail5xx = new AtomicInteger();
    /** Status of those answers. */
    volatile int burstStatus = 500;
    /** Delay every answer by this many milliseconds. */
    volatile long delayMillis;
    /** vmid → error message: the next migration of that guest fails (the task ends with this exit status). */
    final Map<Integer, String> failMigration = new HashMap<>();
    /** vmid → the source node drops out of the cluster while this guest migrates. */
    final Set<Integer> dropSourceDuringMigration = new TreeSet<>();
    /**
     * vmid → exit status of the next task of that guest, which still does its work: "WARNINGS: 1" (a success in
     * Proxmox), or an error reported after the work was done.
     */
    final Map<Integer, String> nextExit = new HashMap<>();
    /** vmid → the next task of that guest ends OK without doing anything. */
    final Set<Integer> noEffect = new TreeSet<>();
    /** The next n actions (POST) are carried out but answered with {@link #lostAnswerStatus}, as a busy proxy does. */
    final AtomicInteger loseAnswers = new AtomicInteger();
    volatile int lostAnswerStatus = 596;
    /** Polls a task stays running before it stops. */
    volatile int taskPolls = 1;
    final List<String> authHeaders = new ArrayList<>();

    private FakePve(HttpServer server) {
        this.server = server;
        server.createContext("/api2/json", this::handle);
        // one thread per request, so a hanging node's request does not hold up the others (as with pveproxy)
        server.setExecutor(workers);
        server.start();
    }

    static FakePve http() throws IOException {
        return http(0);
    }

    static FakePve http(int port) throws IOException {
        return new FakePve(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0));
    }

    static FakePve https(SSLContext ctx) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx));
        return new FakePve(s);
    }

    String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The secret of this instance's API token. */
    String secret() {
        return secret;
    }

    ProxmoxProperties props() {
        return ProxmoxProperties.of(url(), TOKEN_ID, secret).withPlainHttp(true).withTiming(java.time.Duration.ofSeconds(5), 3,
                java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1));
    }

    /** A three-node cluster pve1..pve3, 16 threads and 64 GiB each. */
    static FakePve threeNodes() throws IOException {
        FakePve f = http();
        for (String n : List.of("pve1", "pve2", "pve3")) {
            f.addNode(n, 16, 64 * GIB);
        }
        return f;
    }

    synchronized Node addNode(String name, int cpus, long maxmem) {
        Node n = new Node(name, cpus, maxmem);
        nodes.put(name, n);
        return n;
    }

    synchronized Guest addGuest(int vmid, String type, String node, boolean running, int maxcpu, long maxmem) {
        Guest g = new Guest(vmid, type, node, running ? "running" : "stopped", maxcpu, maxmem);
        if (running) {
            g.cpu = 0.5;
            g.mem = maxmem / 2;
        }
        guests.put(vmid, g);
        return g;
    }

    synchronized void setOnline(String node, boolean online) {
        Node n = nodes.get(node);
        if (n.online && !online) {
            n.offlineAt = nowMillis();
        }
        n.online = online;
    }

    /**
     * How long the cluster keeps showing a node's guests with their last values after the node left: a cut-off
     * node's guests look running for this long, as on a real cluster, then their status is unknown.
     */
    static final long LAST_VALUES_MILLIS = 5 * 60 * 1000;
    private volatile long clockOffsetMillis;

    long nowMillis() {
        return System.currentTimeMillis() + clockOffsetMillis;
    }

    /** Moves the fake's clock on (for the five minutes of last values). */
    void advance(java.time.Duration d) {
        clockOffsetMillis += d.toMillis();
    }

    /**
     * What an operator's recovery command does on a surviving node (rename the config inside /etc/pve);
     * recorded in the request log as "MOVE-CONFIG type vmid from -> to".
     */
    synchronized GuestConfigMover.Result moveConfig(String type, int vmid, String from, String to) {
        Guest g = guests.get(vmid);
        if (g == null || !g.node.equals(from) || !nodes.get(to).online) {
            return new GuestConfigMover.Result(false, "mv: cannot stat '/etc/pve/nodes/" + from + "/"
                    + ("lxc".equals(type) ? "lxc" : "qemu-server") + "/" + vmid + ".conf'");
        }
        if (failConfigMoves > 0) {
            failConfigMoves--;
            return new GuestConfigMover.Result(false, "ssh: connect to host " + to + " port 22: Connection refused");
        }
        requests.add("MOVE-CONFIG " + type + " " + vmid + " " + from + " -> " + to);
        g.node = to;
        g.status = "stopped";
        g.cpu = 0;
        g.mem = 0;
        return GuestConfigMover.Result.of(true);
    }

    /** The next n config moves fail (the operator's command could not reach the node). */
    int failConfigMoves;

    /** What an operator's unlock command does ({@code qm unlock} on the guest's node). */
    synchronized GuestConfigMover.Result unlock(int vmid, String node) {
        Guest g = guests.get(vmid);
        if (g == null || !g.node.equals(node)) {
            return new GuestConfigMover.Result(false, "no such guest on " + node);
        }
        requests.add("UNLOCK " + vmid + " " + g.lock);
        g.lock = null;
        return GuestConfigMover.Result.of(true);
    }

    /** Config moves and lock removal on this fake, as an operator's recovery and unlock commands do them. */
    GuestConfigMover mover() {
        return new GuestConfigMover() {
            @Override
            public Result move(String type, int vmid, String fromNode, String toNode) {
                return moveConfig(type, vmid, fromNode, toNode);
            }

            @Override
            public Result unlock(String type, int vmid, String node, String lock) {
                return FakePve.this.unlock(vmid, node);
            }
        };
    }

    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** Requests other than the observation GETs: what Ballast did to the cluster. */
    synchronized List<String> actions() {
        return requests.stream().filter(r -> !r.startsWith("GET ")).toList();
    }

    synchronized void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        workers.shutdownNow();
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            synchronized (this) {
                authHeaders.add(auth);
            }
            if (auth == null || !auth.equals("PVEAPIToken=" + TOKEN_ID + "=" + validSecret)) {
                send(ex, 401, "{\"data\":null}", "authentication failure");
                return;
            }
            if (fail5xx.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(ex, burstStatus, "{\"data\":null}", "burst");
                return;
            }
            String path = ex.getRequestURI().getPath().substring("/api2/json".length());
            Map<String, String> form = parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String method = ex.getRequestMethod();
            Node proxied;
            boolean unreachable;
            Matcher np = NODE_PATH.matcher(path);
            synchronized (this) {
                if (!TASK.matcher(path).matches()) {
                    requests.add(method + " " + path + (form.isEmpty() ? "" : " " + new TreeMap<>(form)));
                }
                proxied = np.matches() ? nodes.get(np.group(1)) : null;
                unreachable = np.matches() && (proxied == null || !proxied.online);
            }
            if (unreachable) {
                // the node Ballast talks to cannot reach that node
                send(ex, 595, "{\"data\":null}", "no route to host");
                return;
            }
            if (proxied != null && proxied.api == Api.HANG) {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            if (proxied != null && proxied.api == Api.FAIL) {
                send(ex, 595, "{\"data\":null}", "Connection refused");
                return;
            }
            Object data;
            synchronized (this) {
                data = route(method, path, ex.getRequestURI().getRawQuery(), form);
            }
            if (data instanceof Error e) {
                send(ex, e.status, "{\"data\":null}", e.message);
                return;
            }
            if (!method.equals("GET") && loseAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                // the action ran; the proxy lost the node's answer
                send(ex, lostAnswerStatus, "{\"data\":null}", "Connection timed out");
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("data", data);
            send(ex, 200, JSON.writeValueAsString(body), "OK");
        }
    }

    private record Error(int status, String message) {
    }

    private Object route(String method, String path, String query, Map<String, String> form) {
        if (method.equals("GET") && path.equals("/cluster/status")) {
            return clusterStatus();
        }
        if (method.equals("GET") && path.equals("/nodes")) {
            return nodeEntries();
        }
        Matcher ns = NODE_STATUS.matcher(path);
        if (method.equals("GET") && ns.matches()) {
            Node n = nodes.get(ns.group(1));
            return Map.of("cpu", cpuFraction(n), "cpuinfo", Map.of("cpus", n.cpus, "cores", n.cpus / 2, "sockets", 1),
                    "memory", Map.of("total", n.maxmem, "used", usedMem(n), "free", n.maxmem - usedMem(n)),
                    "loadavg", List.of("0.10", "0.20", "0.30"), "uptime", 86400);
        }
        if (method.equals("GET") && path.equals("/cluster/resources")) {
            String type = param(query, "type");
            if (type != null && !List.of("vm", "node", "storage", "sdn").contains(type)) {
                return new Error(400, "parameter verification failed: type: value '" + type + "' does not have a "
                        + "value in the enumeration 'vm, storage, node, sdn'");
            }
            List<Object> out = new ArrayList<>();
            if (type == null || type.equals("node")) {
                out.addAll(nodeEntries());
            }
            if (type == null) {
                out.add(Map.of("id", "storage/pve1/local", "type", "storage", "storage", "local", "node", "pve1",
                        "status", "available"));
            }
            if (type != null && !type.equals("vm")) {
                return out;
            }
            for (Guest g : guests.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", g.type + "/" + g.vmid);
                m.put("type", g.type);
                m.put("vmid", g.vmid);
                m.put("name", "guest" + g.vmid);
                m.put("node", g.node);
                Node host = nodes.get(g.node);
                boolean nodeUp = host.online;
                // a node that just left still shows its guests' last values, running ones included
                boolean lastValues = !nodeUp && nowMillis() - host.offlineAt < LAST_VALUES_MILLIS;
                m.put("status", nodeUp || lastValues ? g.status : "unknown");
                m.put("template", 0);
                m.put("maxcpu", g.maxcpu);
                m.put("maxmem", g.maxmem);
                m.put("maxdisk", 32 * GIB);
                if (nodeUp || lastValues) {
                    m.put("cpu", g.status.equals("running") ? g.cpu / g.maxcpu : 0);
                    m.put("mem", g.status.equals("running") ? g.mem : 0);
                    m.put("uptime", g.status.equals("running") ? 3600 : 0);
                }
                if (g.lock != null) {
                    m.put("lock", g.lock);
                }
                m.put("tags", "prod;web");
                out.add(m);
            }
            return out;
        }
        if (method.equals("GET") && path.equals("/cluster/ha/resources")) {
            List<Object> out = new ArrayList<>();
            pveHa.forEach((sid, state) -> out.add(Map.of("sid", sid, "type", sid.substring(0, 2), "state", state,
                    "digest", "abc")));
            return out;
        }
        if (method.equals("GET") && path.equals("/cluster/options")) {
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("keyboard", "en-us");
            if (crsOption != null) {
                options.put("crs", crsOption);
            }
            return options;
        }
        if (method.equals("GET") && path.equals("/cluster/tasks")) {
            List<Object> out = new ArrayList<>();
            for (Task t : tasks.values()) {
                out.add(taskEntry(t));
            }
            return out;
        }
        Matcher nt = NODE_TASKS.matcher(path);
        if (method.equals("GET") && nt.matches()) {
            Node n = nodes.get(nt.group(1));
            // newest first, filtered as the real list is by vmid, typefilter and source (active: running only)
            String vmid = param(query, "vmid");
            String typeFilter = param(query, "typefilter");
            boolean activeOnly = "active".equals(param(query, "source"));
            List<Object> out = new ArrayList<>();
            List<Task> all = new ArrayList<>(tasks.values());
            java.util.Collections.reverse(all);
            for (Task t : all) {
                if (t.node.equals(n.name) && (vmid == null || vmid.equals(t.id))
                        && (typeFilter == null || typeFilter.equals(t.type)) && (!activeOnly || t.running())) {
                    out.add(taskEntry(t));
                }
            }
            return out;
        }
        Matcher gs = GUEST_STATUS.matcher(path);
        if (method.equals("GET") && gs.matches()) {
            Node n = nodes.get(gs.group(1));
            Guest g = guests.get(Integer.parseInt(gs.group(3)));
            if (g == null || !g.type.equals(gs.group(2)) || !g.node.equals(n.name)) {
                return new Error(500, "Configuration file 'nodes/" + n.name + "/" + confDir(gs.group(2)) + "/"
                        + gs.group(3) + ".conf' does not exist");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vmid", g.vmid);
            m.put("name", "guest" + g.vmid);
            m.put("status", g.status);
            m.put("cpus", g.maxcpu);
            m.put("maxmem", g.maxmem);
            m.put("mem", g.status.equals("running") ? g.mem : 0);
            if (g.lock != null) {
                m.put("lock", g.lock);
            }
            return m;
        }
        Matcher tm = TASK.matcher(path);
        if (method.equals("GET") && tm.matches()) {
            Node n = nodes.get(tm.group(1));
            Task t = tasks.get(tm.group(2));
            if (t == null || !t.node.equals(n.name)) {
                return new Error(400, "no such task: '" + tm.group(2) + "'");
            }
            if (tm.group(3).equals("log")) {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < t.log.size(); i++) {
                    out.add(Map.of("n", i + 1, "t", t.log.get(i)));
                }
                return out;
            }
            return taskStatus(t);
        }
        Matcher am = ACTION.matcher(path);
        if (am.matches() && (method.equals("POST") || method.equals("PUT"))) {
            return action(am.group(1), am.group(2), Integer.parseInt(am.group(3)), am.group(4), form);
        }
        return new Error(501, "Method '" + method + " " + path + "' not implemented");
    }

    private Object clusterStatus() {
        List<Object> out = new ArrayList<>();
        out.add(Map.of("type", "cluster", "id", "cluster", "name", "lab", "nodes", nodes.size(), "quorate",
                quorate ? 1 : 0, "version", 7));
        int id = 1;
        for (Node n : nodes.values()) {
            out.add(Map.of("type", "node", "id", "node/" + n.name, "name", n.name, "nodeid", id, "ip",
                    "10.0.0." + id, "online", n.online ? 1 : 0, "local", id == 1 ? 1 : 0, "level", ""));
            id++;
        }
        return out;
    }

    /** Nodes as {@code /nodes} and {@code /cluster/resources} list them (figures only while a member is online). */
    private List<Object> nodeEntries() {
        List<Object> out = new ArrayList<>();
        for (Node n : nodes.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", "node/" + n.name);
            m.put("type", "node");
            m.put("node", n.name);
            m.put("status", n.online ? "online" : "offline");
            if (n.online && !n.statsMissing) {
                m.put("cpu", cpuFraction(n));
                m.put("maxcpu", n.cpus);
                m.put("mem", usedMem(n));
                m.put("maxmem", n.maxmem);
                m.put("uptime", 86400);
            }
            out.add(m);
        }
        return out;
    }

    /** A task as the task lists show it: finished ones with their end and exit status. */
    private static Map<String, Object> taskEntry(Task t) {
        Map<String, Object> m = taskFields(t);
        if (!t.running()) {
            m.put("endtime", t.starttime + 1);
            m.put("status", t.exitstatus);
        }
        return m;
    }

    private static Map<String, Object> taskFields(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("upid", t.upid);
        m.put("node", t.node);
        m.put("pid", 4242);
        m.put("starttime", t.starttime);
        m.put("type", t.type);
        m.put("id", t.id);
        m.put("user", TOKEN_ID);
        return m;
    }

    private static String confDir(String type) {
        return type.equals("qemu") ? "qemu-server" : "lxc";
    }

    private static String param(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String kv : query.split("&")) {
            if (kv.startsWith(name + "=")) {
                return URLDecoder.decode(kv.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Node CPU as the API reports it: a fraction of all threads, every running guest included. */
    private double cpuFraction(Node n) {
        double cores = n.cpu * n.cpus;
        for (Guest g : guests.values()) {
            if (g.node.equals(n.name) && g.status.equals("running")) {
                cores += g.cpu;
            }
        }
        return cores / n.cpus;
    }

    private long usedMem(Node n) {
        long used = n.mem + 2 * GIB;
        for (Guest g : guests.values()) {
            if (g.node.equals(n.name) && g.status.equals("running")) {
                used += g.mem;
            }
        }
        return used;
    }

    private Object taskStatus(Task t) {
        Map<String, Object> m = taskFields(t);
        if (t.onFirstPoll != null) {
            Runnable r = t.onFirstPoll;
            t.onFirstPoll = null;
            r.run();
            if (!nodes.get(t.node).online) {
                return new Error(595, "no route to host");
            }
        }
        if (t.pollsLeft > 0) {
            t.pollsLeft--;
            m.put("status", "running");
            return m;
        }
        if (t.pollsLeft == 0) {
            t.pollsLeft = -1;
            if (t.effective && t.onSuccess != null) {
                t.onSuccess.run();
            }
            if (t.onEnd != null) {
                t.onEnd.run();
            }
            boolean plain = "OK".equals(t.exitstatus) || t.exitstatus.startsWith("WARNINGS: ");
            t.log.add("TASK " + (plain ? "" : "ERROR: ") + t.exitstatus);
        }
        m.put("status", "stopped");
        m.put("exitstatus", t.exitstatus);
        return m;
    }

    private Object action(String node, String type, int vmid, String what, Map<String, String> form) {
        Node n = nodes.get(node);
        Guest g = guests.get(vmid);
        if (g == null || !g.type.equals(type) || !g.node.equals(node)) {
            return new Error(500, "Configuration file 'nodes/" + node + "/" + confDir(type) + "/" + vmid
                    + ".conf' does not exist");
        }
        if (what.equals("config")) {
            if ("lock".equals(form.get("delete"))) {
                g.lock = null;
            }
            return null;
        }
        String kind = switch (what) {
            case "status/start" -> type.equals("qemu") ? "qmstart" : "vzstart";
            case "status/stop" -> type.equals("qemu") ? "qmstop" : "vzstop";
            case "status/shutdown" -> type.equals("qemu") ? "qmshutdown" : "vzshutdown";
            default -> type.equals("qemu") ? "qmigrate" : "vzmigrate";
        };
        String target = form.get("target");
        if (what.equals("migrate")) {
            // parameter checks run before the worker starts: refused without a task
            if (target == null || !nodes.containsKey(target)) {
                return new Error(400, "parameter verification failed: target: no such node");
            }
            if (g.status.equals("running") && type.equals("qemu") && !"1".equals(form.get("online"))) {
                return new Error(500, "can't migrate running VM without --online");
            }
            if (g.status.equals("running") && type.equals("lxc") && !"1".equals(form.get("restart"))) {
                return new Error(500, "lxc live migration is currently not implemented");
            }
        }
        long now = System.currentTimeMillis() / 1000;
        String sid = (type.equals("qemu") ? "vm:" : "ct:") + vmid;
        String haState = pveHa.get(sid);
        if (haState != null && !haState.equals("ignored")) {
            // Proxmox turns an action on an HA-managed guest into a request to its HA manager: a short task of
            // type ha<action> that ends OK at once, while the guest itself is left to the HA stack
            String haKind = "ha" + (what.startsWith("status/") ? what.substring(7) : "migrate");
            String haUpid = String.format("UPID:%s:%08X:%08X:%08X:%s:%s:%s:", node, pid.incrementAndGet(), 1234567,
                    now, haKind, sid, TOKEN_ID);
            Task ha = new Task(haUpid, node, haKind, sid, 0);
            ha.log.add("requesting HA " + what + " for " + sid);
            tasks.put(haUpid, ha);
            return haUpid;
        }
        String upid = String.format("UPID:%s:%08X:%08X:%08X:%s:%d:%s:", node, pid.incrementAndGet(), 1234567, now,
                kind, vmid, TOKEN_ID);
        Task t = new Task(upid, node, kind, Integer.toString(vmid), taskPolls);
        t.log.add("starting " + kind + " for " + vmid);
        tasks.put(upid, t);
        if (g.lock != null) {
            // Proxmox checks the config lock inside the worker: the task starts and fails
            t.exitstatus = "VM is locked (" + g.lock + ")";
            t.effective = false;
            t.log.add("ERROR: " + t.exitstatus);
            return upid;
        }
        String exit = nextExit.remove(vmid);
        if (exit != null) {
            t.exitstatus = exit;
            t.log.add((exit.startsWith("WARNINGS") ? "WARN: " : "ERROR: ") + "reported by the fake for " + vmid);
        }
        t.effective = !noEffect.remove(vmid);
        switch (what) {
            case "status/start" -> t.onSuccess = () -> {
                g.status = "running";
                g.cpu = 0.5;
                g.mem = g.maxmem / 2;
            };
            case "status/stop", "status/shutdown" -> t.onSuccess = () -> g.status = "stopped";
            default -> {
                String fail = failMigration.remove(vmid);
                if (fail != null) {
                    t.exitstatus = fail;
                    t.effective = false;
                    t.log.add("migration aborted");
                    t.log.add("ERROR: " + fail);
                }
                if (dropSourceDuringMigration.remove(vmid)) {
                    t.onFirstPoll = () -> n.online = false;
                }
                // the guest is locked while it migrates, as in Proxmox
                g.lock = "migrate";
                t.onEnd = () -> g.lock = null;
                t.onSuccess = () -> {
                    g.node = target;
                    t.log.add("migration finished successfully");
                };
            }
        }
        return upid;
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return out;
        }
        for (String kv : body.split("&")) {
            int eq = kv.indexOf('=');
            out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String body, String reason) throws IOException {
        if (status != 200) {
            // Proxmox puts the reason into the status line and, for JSON, into "message"
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("data", null);
            err.put("message", reason + "\n");
            body = JSON.writeValueAsString(err);
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
