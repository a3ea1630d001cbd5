package io.ballast.rules.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.compiler.kie.builder.impl.DrlProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;

/**
 * A compiled set of DRL files (classic build, so errors carry file:line). Immutable; create one
 * {@link KieSession} per evaluation with {@link #newSession()}.
 */
public final class RuleBase {

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)", Pattern.MULTILINE);

    static {
        // Facts are immutable records replaced whole, so property reactivity buys nothing; off, Drools also stops
        // warning about constraints on record components it cannot map to properties. The builder reads this
        // option from the system properties (kmodule.xml would need Drools' XML module).
        if (System.getProperty("drools.propertySpecific") == null) {
            System.setProperty("drools.propertySpecific", "ALLOWED");
        }
    }

    private final KieBase kieBase;
    private final String version;
    private final List<DrlSource> sources;
    private final java.util.function.Consumer<String> fired;

    private RuleBase(KieBase kieBase, String version, List<DrlSource> sources) {
        this(kieBase, version, sources, null);
    }

    private RuleBase(KieBase kieBase, String version, List<DrlSource> sources,
                     java.util.function.Consumer<String> fired) {
        this.kieBase = kieBase;
        this.version = version;
        this.sources = sources;
        this.fired = fired;
    }

    /**
     * The same rule base, reporting the name of every rule that fires in its sessions (tests and rule authors
     * use it to see which rule derived what).
     */
    public RuleBase traced(java.util.function.Consumer<String> firedRules) {
        return new RuleBase(kieBase, version, sources, firedRules);
    }

    /** Every rule name, sorted. */
    public List<String> ruleNames() {
        return kieBase.getKiePackages().stream().flatMap(p -> p.getRules().stream()).map(r -> r.getName()).sorted()
                .toList();
    }

    /** The rule base shipped in the jar. */
    public static RuleBase packaged() {
        return compile(DrlSource.packaged());
    }

    /** @throws RuleCompilationException listing every error with file, line and column */
    public static RuleBase compile(List<DrlSource> sources) {
        List<DrlSource> sorted = sources.stream().sorted(Comparator.comparing(DrlSource::name)).toList();
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId rid = ks.newReleaseId("io.ballast", "rules-" + UUID.randomUUID(), "1.0.0");
        kfs.generateAndWritePomXML(rid);
        for (DrlSource source : sorted) {
            String fileName = source.name().substring(source.name().lastIndexOf('/') + 1);
            // written under its package path, otherwise Drools warns once per file
            kfs.write("src/main/resources/" + packagePath(source.content()) + fileName,
                    ks.getResources().newByteArrayResource(source.content().getBytes(StandardCharsets.UTF_8))
                            .setSourcePath(fileName));
        }
        KieBuilder builder = ks.newKieBuilder(kfs);
        builder.buildAll(DrlProject.class);
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            ks.getRepository().removeKieModule(rid);
            throw new RuleCompilationException(errors.stream()
                    .map(m -> new RuleCompilationException.CompilationError(fileOf(m), m.getLine(), m.getColumn(),
                            m.getText().strip()))
                    .toList());
        }
        KieContainer container = ks.newKieContainer(rid);
        return new RuleBase(container.getKieBase(), contentHash(sorted), sorted);
    }

    public KieSession newSession() {
        KieSession session = kieBase.newKieSession();
        if (fired != null) {
            session.addEventListener(new org.kie.api.event.rule.DefaultAgendaEventListener() {
                @Override
                public void afterMatchFired(org.kie.api.event.rule.AfterMatchFiredEvent event) {
                    fired.accept(event.getMatch().getRule().getName());
                }
            });
        }
        return session;
    }

    /** Sessions made from this rule base and not disposed yet. */
    public int openSessions() {
        return kieBase.getKieSessions().size();
    }

    /** SHA-256 over the sorted file names and contents: identifies the active rule base. */
    public String version() {
        return version;
    }

    public List<DrlSource> sources() {
        return sources;
    }

    /** Number of rules over all packages (for the benchmark and the status endpoint). */
    public int ruleCount() {
        return kieBase.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
    }

    private static String packagePath(String drl) {
        Matcher m = PACKAGE.matcher(drl);
        return m.find() ? m.group(1).replace('.', '/') + "/" : "";
    }

    private static String fileOf(Message m) {
        String path = m.getPath() == null ? "?" : m.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The version a rule base compiled from {@code sources} would have, without compiling it. */
    public static String versionOf(List<DrlSource> sources) {
        return contentHash(sources.stream().sorted(Comparator.comparing(DrlSource::name)).toList());
    }

    static String contentHash(List<DrlSource> sorted) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (DrlSource s : sorted) {
                sha.update(s.name().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(s.content().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
