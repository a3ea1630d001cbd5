package io.ballast.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.ballast.security.Role;
import io.ballast.testdb.TestAuth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The web console in a real, headless Chromium (Debian's chromium and chromedriver; skipped with a message when
 * they are missing): sign in, the nodes, maintenance and its drain, a simulated power-off with fence and recovery
 * in the timeline, a conflicting rule refused next to its field, a what-if answer, signing out, and a viewer
 * who sees no actions. The simulated cluster runs a
 * round every 100 ms, so its 60 s fence delay and 120 s lock timeout pass in about a second of wall time.
 * With {@code -Dballast.screenshots=<dir>} each step writes a PNG of the page (docs/console/).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // its own context (the property only makes the cache key differ): a shared one brings other tests' writes
        properties = {"ballast.manager.round-period=100ms", "ballast.cluster.nodes=node1,node2,node3",
                "ballast.test.context=console"})
@AutoConfigureTestRestTemplate
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf(value = "browserInstalled", disabledReason = "browser tests skipped: chromium or chromedriver is missing"
        + " (apt-get install -y chromium chromium-driver; .ci/run installs them)")
class ConsoleBrowserTest {

    // Debian's packages; -Dballast.chromium / -Dballast.chromedriver point elsewhere
    static final Path CHROMIUM = Path.of(System.getProperty("ballast.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("ballast.chromedriver", "/usr/bin/chromedriver"));
    static final List<String> RESOURCES = List.of("vm:101", "vm:102", "vm:103", "vm:104", "vm:105", "vm:106");

    static ChromeDriver browser;
    static Path profile;
    static boolean seeded;

    @LocalServerPort
    int port;

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    static boolean browserInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed) {
            System.err.println("ConsoleBrowserTest skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing"
                    + " (apt-get install -y chromium chromium-driver; .ci/run installs them)");
        }
        return installed;
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        profile = Files.createTempDirectory("ballast-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Six started resources, configured through the API (the shared test client sends the admin token), and the
     * static CRS mode, which has CPU and memory figures to show.
     */
    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        // simulated power and network outlive a context (table sim_node_hardware): an earlier test class on this
        // database may have left a node off, so every node is switched on first
        for (String node : List.of("node1", "node2", "node3")) {
            for (String what : List.of("power", "network")) {
                assertThat(http.postForEntity("/api/v1/sim/nodes/" + node + "/" + what, Map.of("state", "on"),
                        String.class).getStatusCode().value()).isEqualTo(200);
            }
        }
        http.put("/api/v1/crs", Map.of("ha", "static"));
        for (String sid : RESOURCES) {
            assertThat(http.postForEntity("/api/v1/resources", Map.of("sid", sid), String.class)
                    .getStatusCode().value()).isEqualTo(201);
        }
        seeded = true;
    }

    @Test
    @Order(1)
    void signsInAndShowsTheNodes() {
        browser.get("http://127.0.0.1:" + port + "/");
        WebElement token = waitFor(d -> visible(By.id("token")));
        screenshot("sign-in");
        token.sendKeys(TestAuth.ADMIN_TOKEN);
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        waitFor(d -> visible(By.id("nodes-table")));
        assertThat(browser.findElement(By.id("who")).getText()).contains(TestAuth.ADMIN_NAME).contains("admin");
        for (String node : List.of("node1", "node2", "node3")) {
            waitFor(d -> text(nodeCell(node, 2)).equals("online"));
        }
        // every resource started, spread over the nodes (the resources column counts them)
        waitFor(d -> RESOURCES.size() == Stream.of("node1", "node2", "node3")
                .mapToInt(n -> Integer.parseInt(text(nodeCell(n, 7)))).sum());
        waitFor(d -> !browser.findElement(By.id("imbalance-chart")).getAttribute("data-points").equals("0"));
        // automation level full: nothing waits for an operator
        assertThat(text(By.id("proposals-waiting"))).contains("Proposals").contains("none");
        screenshot("cluster");
    }

    @Test
    @Order(2)
    void maintenanceDrainsTheNode() {
        go("#/cluster");
        String node = busiestNode();
        click(By.cssSelector("tr[data-node='" + node + "'] button.maintenance-on"));
        confirm();
        waitFor(d -> text(nodeCell(node, 8)).equals("drained") && text(nodeCell(node, 7)).equals("0"));
        assertThat(text(nodeCell(node, 2))).isEqualTo("maintenance");
        screenshot("maintenance");
        go("#/resources");
        waitFor(d -> browser.findElements(By.cssSelector("#resources-table tbody tr")).size() == RESOURCES.size());
        assertThat(browser.findElements(By.cssSelector("#resources-table tbody tr td:nth-child(4)")))
                .extracting(WebElement::getText).noneMatch(n -> n.startsWith(node));
        // the drain in the timeline: the request taking effect, then the resources migrating off the node
        go("#/timeline");
        filterTimeline(node, "");
        waitFor(d -> text(By.cssSelector("#timeline-table tr[data-kind='maintenance'] td.action"))
                .equals("maintenance requested")
                && !browser.findElements(By.cssSelector("#timeline-table tr[data-kind='migrate']")).isEmpty());
        go("#/cluster");
        click(By.cssSelector("tr[data-node='" + node + "'] button.maintenance-off"));
        confirm();
        waitFor(d -> text(nodeCell(node, 2)).equals("online") && text(nodeCell(node, 8)).isEmpty());
    }

    @Test
    @Order(3)
    void powerOffShowsFenceAndRecoveryInTheTimeline() {
        go("#/cluster");
        String node = busiestNode();
        click(By.cssSelector("tr[data-node='" + node + "'] button.power-off"));
        confirm();
        waitFor(d -> text(nodeCell(node, 3)).startsWith("off"));
        go("#/timeline");
        filterTimeline(node, "");
        waitFor(d -> !browser.findElements(By.cssSelector("#timeline-table tr[data-kind='fence']")).isEmpty()
                && !browser.findElements(By.cssSelector("#timeline-table tr[data-kind='recovery']")).isEmpty());
        // a recovery row says where the resource went
        assertThat(text(By.cssSelector("#timeline-table tr[data-kind='recovery'] td.action")))
                .containsAnyOf("recover to", "fence -> recovery", "recovery -> started");
        screenshot("timeline");
        go("#/cluster");
        click(By.cssSelector("tr[data-node='" + node + "'] button.power-on"));
        confirm();
        waitFor(d -> text(nodeCell(node, 2)).equals("online"));
    }

    @Test
    @Order(4)
    void aConflictingRuleIsRefusedNextToItsField() {
        go("#/rules");
        waitFor(d -> visible(By.id("rule-form")));
        fillRule("db-on-node1", "vm:101", "node1:2,node2");
        waitFor(d -> !browser.findElements(By.cssSelector("#rules-table tr[data-rule='db-on-node1']")).isEmpty());
        click(By.id("rule-new"));
        fillRule("db-on-node3", "vm:101", "node3");
        String error = waitFor(d -> {
            String t = text(By.id("rule-resources-error"));
            return t.isEmpty() ? null : t;
        });
        assertThat(error).contains("vm:101").contains("already used");
        assertThat(browser.findElements(By.cssSelector("#rules-table tr[data-rule='db-on-node3']"))).isEmpty();
        screenshot("rules");
    }

    @Test
    @Order(5)
    void answersAWhatIfQuestion() {
        go("#/resources/vm:101");
        waitFor(d -> text(By.cssSelector("#placement .decision")).contains("node"));
        screenshot("resources");
        go("#/what-if");
        waitFor(d -> browser.findElements(By.cssSelector("#what-if-node option")).size() == 3);
        String node = busiestNodeFromApi();
        new Select(browser.findElement(By.id("what-if-node"))).selectByValue(node);
        new Select(browser.findElement(By.id("what-if-event"))).selectByValue("fail");
        browser.findElement(By.id("what-if-ask")).click();
        String summary = waitFor(d -> {
            String t = text(By.id("what-if-summary"));
            return t.isEmpty() ? null : t;
        });
        assertThat(summary).contains("power " + node + " off");
        // the node's resources move (vm:101 may stay down: its rule prefers node1 and node2 only)
        List<WebElement> moves = browser.findElements(By.cssSelector("#what-if-moves tbody tr"));
        assertThat(moves).isNotEmpty();
        assertThat(moves).extracting(r -> r.findElement(By.cssSelector("td:nth-child(2)")).getText())
                .containsOnly(node);
        screenshot("what-if");
    }

    @Test
    @Order(6)
    void signsOutAndAViewerSeesNoActions() {
        go("#/cluster");
        click(By.id("sign-out"));
        waitFor(d -> visible(By.id("token")));
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
        browser.findElement(By.id("token")).sendKeys(TestAuth.tokenFor(jdbc, "vera", Role.VIEWER));
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
        waitFor(d -> text(nodeCell("node1", 2)).equals("online"));
        assertThat(text(By.id("who"))).contains("vera").contains("viewer");
        assertThat(browser.findElement(By.cssSelector("tr[data-node='node1'] button.maintenance-on")).isDisplayed())
                .isFalse();
        click(By.id("sign-out"));
        waitFor(d -> visible(By.id("token")));
    }

    // ---- helpers

    private void go(String hash) {
        browser.get("http://127.0.0.1:" + port + "/" + hash);
    }

    private static void filterTimeline(String node, String kind) {
        WebElement filter = waitFor(d -> visible(By.id("filter-node")));
        filter.clear();
        filter.sendKeys(node);
        new Select(browser.findElement(By.id("filter-kind"))).selectByValue(kind);
        filter.submit();
    }

    private void fillRule(String id, String resources, String nodes) {
        WebElement rule = browser.findElement(By.id("rule-rule"));
        rule.clear();
        rule.sendKeys(id);
        new Select(browser.findElement(By.id("rule-type"))).selectByValue("node-affinity");
        WebElement res = browser.findElement(By.id("rule-resources"));
        res.clear();
        res.sendKeys(resources);
        WebElement n = browser.findElement(By.id("rule-nodes"));
        n.clear();
        n.sendKeys(nodes);
        browser.findElement(By.id("rule-save")).click();
    }

    /** The node with the most resources, as the cluster page shows it. */
    private String busiestNode() {
        waitFor(d -> visible(By.id("nodes-table")));
        return waitFor(d -> Stream.of("node1", "node2", "node3")
                .filter(n -> text(nodeCell(n, 2)).equals("online"))
                .max(Comparator.comparingInt(n -> Integer.parseInt(text(nodeCell(n, 7)))))
                .filter(n -> Integer.parseInt(text(nodeCell(n, 7))) > 0).orElse(null));
    }

    @SuppressWarnings("unchecked")
    private String busiestNodeFromApi() {
        Map<String, Object> status = http.getForObject("/api/v1/status", Map.class);
        List<Map<String, Object>> resources = (List<Map<String, Object>>) status.get("resources");
        return resources.stream().map(r -> (String) r.get("node")).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.groupingBy(n -> n, java.util.stream.Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static By nodeCell(String node, int column) {
        return By.cssSelector("#nodes-table tr[data-node='" + node + "'] td:nth-child(" + column + ")");
    }

    private static void confirm() {
        waitFor(d -> visible(By.id("confirm-ok"))).click();
        waitFor(d -> !browser.findElement(By.id("confirm")).isDisplayed());
    }

    /** Clicks an element of a page that re-renders every 2 s: finds it again when it was replaced. */
    private static void click(By by) {
        waitFor(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private static String text(By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText().trim();
    }

    private static WebElement visible(By by) {
        List<WebElement> found = browser.findElements(by);
        return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
    }

    private static <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(NumberFormatException.class)
                .until(d -> {
                    T value = condition.apply(d);
                    return Boolean.FALSE.equals(value) ? null : value;
                });
    }

    private static void screenshot(String name) {
        String dir = System.getProperty("ballast.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write screenshot " + name, e);
        }
    }
}
