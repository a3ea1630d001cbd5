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
 * Proxmox mode without a cluster ({@link FakePveCli}). It lives in the main code for that reason only.
 */
final class FakePve implements AutoCloseable {

    static final String TOKEN_ID = "ballast@pve!ha";
    static final String SECRET = "5f3c1c2e-0d3a-4c1e-9d7b-7a1e2b3c4d5e";
    static final long GIB = 1024L * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TASK = Pattern.compile("/nodes/([^/]+)/tasks/([^/]+)/(status|log)");
    private static final Pattern ACTION = Pattern.compile(
            "/nodes/([^/]+)/(qemu|lxc)/(\\d+)/(status/start|status/stop|status/shutdown|migrate|config)");
    private static final Pattern NODE_STATUS = Pattern.compile("/nodes/([^/]+)/status");

    static final class Node {
        final String name;
        boolean online = true;
        final int cpus;
        final long maxmem;
        double cpu;
        long mem;

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
        int pollsLeft;
        String exitstatus = "OK";
        Runnable onSuccess;
        Runnable onFirstPoll;
        final List<String> log = new ArrayList<>();

        Task(String upid, String node, int polls) {
            this.upid = upid;
            this.node = node;
            this.pollsLeft = polls;
        }
    }

    static {
        // without it the JDK server's header and body writes meet Nagle + delayed ACK: ~40 ms per request
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    final Map<String, Node> nodes = new TreeMap<>();
    final Map<Integer, Guest> guests = new TreeMap<>();
    final Set<String> pveHa = new TreeSet<>();
    final Map<String, Task> tasks = new LinkedHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private final AtomicInteger pid = new AtomicInteger(0x1000);
    volatile boolean quorate = true;
    volatile String validSecret = SECRET;
    /** Answer the next n requests with 500. */
    final AtomicInteger fail5xx = new AtomicInteger();
    /** Status of those answers. */
    volatile int burstStatus = 500;
    /** Delay every answer by this many milliseconds. */
    volatile long delayMillis;
    /** vmid → error message: the next migration of that guest fails (the task ends with this exit status). */
    final Map<Integer, String> failMigration = new HashMap<>();
    /** vmid → the source node drops out of the cluster while this guest migrates. */
    final Set<Integer> dropSourceDuringMigration = new TreeSet<>();
    /** Polls a task stays running before it stops. */
    volatile int taskPolls = 1;
    final List<String> authHeaders = new ArrayList<>();

    private FakePve(HttpServer server) {
        this.server = server;
        server.createContext("/api2/json", this::handle);
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

    ProxmoxProperties props() {
        return ProxmoxProperties.of(url(), TOKEN_ID, SECRET).withTiming(java.time.Duration.ofSeconds(5), 3,
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
        nodes.get(node).online = online;
    }

    /**
     * What an operator's recovery command does on a surviving node (rename the config inside /etc/pve);
     * recorded in the request log as "MOVE-CONFIG type vmid from -> to".
     */
    synchronized boolean moveConfig(String type, int vmid, String from, String to) {
        Guest g = guests.get(vmid);
        if (g == null || !g.node.equals(from) || !nodes.get(to).online) {
            return false;
        }
        requests.add("MOVE-CONFIG " + type + " " + vmid + " " + from + " -> " + to);
        g.node = to;
        g.status = "stopped";
        g.cpu = 0;
        g.mem = 0;
        return true;
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
        server.stop(0);
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
            Object data;
            synchronized (this) {
                if (!TASK.matcher(path).matches()) {
                    requests.add(ex.getRequestMethod() + " " + path + (form.isEmpty() ? "" : " " + new TreeMap<>(form)));
                }
                data = route(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), form);
            }
            if (data instanceof Error e) {
                send(ex, e.status, "{\"data\":null}", e.message);
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
            List<Object> out = new ArrayList<>();
            for (Node n : nodes.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("node", n.name);
                m.put("status", n.online ? "online" : "offline");
                m.put("type", "node");
                m.put("id", "node/" + n.name);
                if (n.online) {
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
        Matcher ns = NODE_STATUS.matcher(path);
        if (method.equals("GET") && ns.matches()) {
            Node n = nodes.get(ns.group(1));
            if (n == null || !n.online) {
                return new Error(595, "no route to host");
            }
            return Map.of("cpu", cpuFraction(n), "cpuinfo", Map.of("cpus", n.cpus, "cores", n.cpus / 2, "sockets", 1),
                    "memory", Map.of("total", n.maxmem, "used", usedMem(n), "free", n.maxmem - usedMem(n)),
                    "loadavg", List.of("0.10", "0.20", "0.30"), "uptime", 86400);
        }
        if (method.equals("GET") && path.equals("/cluster/resources")) {
            if (query == null || !query.contains("type=vm")) {
                return new Error(400, "expected type=vm");
            }
            List<Object> out = new ArrayList<>();
            for (Guest g : guests.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", g.type + "/" + g.vmid);
                m.put("type", g.type);
                m.put("vmid", g.vmid);
                m.put("name", "guest" + g.vmid);
                m.put("node", g.node);
                boolean nodeUp = nodes.get(g.node).online;
                m.put("status", nodeUp ? g.status : "unknown");
                m.put("template", 0);
                m.put("maxcpu", g.maxcpu);
                m.put("maxmem", g.maxmem);
                m.put("maxdisk", 32 * GIB);
                if (nodeUp) {
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
            for (String sid : pveHa) {
                out.add(Map.of("sid", sid, "type", sid.substring(0, 2), "state", "started", "digest", "abc"));
            }
            return out;
        }
        if (method.equals("GET") && path.equals("/cluster/tasks")) {
            List<Object> out = new ArrayList<>();
            for (Task t : tasks.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("upid", t.upid);
                m.put("node", t.node);
                m.put("type", t.upid.split(":")[5]);
                m.put("id", t.upid.split(":")[6]);
                m.put("user", TOKEN_ID);
                m.put("starttime", 1700000000);
                if (t.pollsLeft < 0) {
                    m.put("endtime", 1700000010);
                    m.put("status", t.exitstatus);
                }
                out.add(m);
            }
            return out;
        }
        Matcher tm = TASK.matcher(path);
        if (method.equals("GET") && tm.matches()) {
            Node n = nodes.get(tm.group(1));
            Task t = tasks.get(tm.group(2));
            if (n == null || !n.online) {
                return new Error(595, "no route to host");
            }
            if (t == null) {
                return new Error(500, "unable to parse worker upid");
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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("upid", t.upid);
        m.put("node", t.node);
        m.put("pid", 4242);
        m.put("starttime", 1700000000);
        m.put("type", t.upid.split(":")[5]);
        m.put("id", t.upid.split(":")[6]);
        m.put("user", TOKEN_ID);
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
            if ("OK".equals(t.exitstatus) && t.onSuccess != null) {
                t.onSuccess.run();
            }
            t.log.add("TASK " + ("OK".equals(t.exitstatus) ? "OK" : "ERROR: " + t.exitstatus));
        }
        m.put("status", "stopped");
        m.put("exitstatus", t.exitstatus);
        return m;
    }

    private Object action(String node, String type, int vmid, String what, Map<String, String> form) {
        Node n = nodes.get(node);
        if (n == null || !n.online) {
            return new Error(595, "no route to host");
        }
        Guest g = guests.get(vmid);
        if (g == null || !g.type.equals(type)) {
            return new Error(500, "Configuration file 'nodes/" + node + "/" + type + "/" + vmid + ".conf' does not exist");
        }
        if (!g.node.equals(node)) {
            return new Error(500, "Configuration file 'nodes/" + node + "/qemu-server/" + vmid + ".conf' does not exist");
        }
        if (what.equals("config")) {
            if ("lock".equals(form.get("delete"))) {
                g.lock = null;
            }
            return null;
        }
        if (g.lock != null) {
            return new Error(500, "VM is locked (" + g.lock + ")");
        }
        String kind = switch (what) {
            case "status/start" -> type.equals("qemu") ? "qmstart" : "vzstart";
            case "status/stop" -> type.equals("qemu") ? "qmstop" : "vzstop";
            case "status/shutdown" -> type.equals("qemu") ? "qmshutdown" : "vzshutdown";
            default -> type.equals("qemu") ? "qmigrate" : "vzmigrate";
        };
        String upid = String.format("UPID:%s:%08X:%08X:%08X:%s:%d:%s:", node, pid.incrementAndGet(), 1234567,
                0x65000000 + tasks.size(), kind, vmid, TOKEN_ID);
        Task t = new Task(upid, node, taskPolls);
        t.log.add("starting " + kind + " for " + vmid);
        switch (what) {
            case "status/start" -> t.onSuccess = () -> {
                g.status = "running";
                g.cpu = 0.5;
                g.mem = g.maxmem / 2;
            };
            case "status/stop", "status/shutdown" -> t.onSuccess = () -> g.status = "stopped";
            default -> {
                String target = form.get("target");
                if (target == null || !nodes.containsKey(target)) {
                    return new Error(400, "parameter verification failed: target: no such node");
                }
                if (g.status.equals("running") && type.equals("qemu") && !"1".equals(form.get("online"))) {
                    return new Error(500, "can't migrate running VM without --online");
                }
                if (g.status.equals("running") && type.equals("lxc") && !"1".equals(form.get("restart"))) {
                    return new Error(500, "lxc live migration is currently not implemented");
                }
                String fail = failMigration.remove(vmid);
                if (fail != null) {
                    t.exitstatus = fail;
                    t.log.add("migration aborted");
                    t.log.add("ERROR: " + fail);
                }
                if (dropSourceDuringMigration.remove(vmid)) {
                    t.onFirstPoll = () -> n.online = false;
                }
                t.onSuccess = () -> {
                    g.node = target;
                    t.log.add("migration finished successfully");
                };
            }
        }
        tasks.put(upid, t);
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
