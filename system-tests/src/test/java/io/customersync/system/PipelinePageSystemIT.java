package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.ONLINE_STOREFRONT;
import static io.customersync.system.RunningSystem.idOf;
import static io.customersync.system.RunningSystem.postCustomer;
import static io.customersync.system.RunningSystem.postCustomers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.EventType;
import io.customersync.contracts.Topics;
import io.customersync.testsupport.TopicReader;

/**
 * The pipeline page in a real headless Chromium against the running system: a customer posted
 * while HQ is stopped shows as waiting at HOUSTON, then, once HQ is back, among the recently synced
 * with its account number; a button runs the 1010 job. A possible duplicate is shown beside the
 * customer it matched, and ops keep them separate. A dead letter is shown with its reason (not its body)
 * and ops replay it. The charts show the last minutes of a real run (and the test saves a screenshot).
 */
class PipelinePageSystemIT {

    private static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = HeadlessChromium.start();
        RunningSystem.get();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theOpsPageShowsACustomerMovingFromWaitingToSynced() throws Exception {
        LocalSystem system = RunningSystem.get();
        WebDriverWait wait = openPage(system);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#channels tr[data-channel='HOUSTON']")));

        ServiceProcess hq = system.service(LocalSystem.HQ);
        hq.stop(Duration.ofSeconds(15));
        UUID customer;
        try {
            customer = idOf(postCustomer("HOUSTON", HOUSTON_POS, "Waiting"));
            try {
                wait.until(ExpectedConditions.presenceOfElementLocated(waiting(customer)));
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError("not shown as waiting; the page says:\n" + page(), e);
            }
            assertTrue(browser.findElement(By.cssSelector("#jobs")).getText().contains("hq-service did not answer"),
                    browser.findElement(By.cssSelector("#jobs")).getText());
        } finally {
            hq.start();
            hq.awaitReady(Duration.ofMinutes(2));
        }

        WebElement synced = new WebDriverWait(browser, Duration.ofSeconds(90))
                .until(ExpectedConditions.presenceOfElementLocated(synced(customer)));
        assertTrue(synced.getText().matches("(?s).*HOUSTON.*" + customer + ".*C\\d{6}.*"), synced.getText());
        wait.until(ExpectedConditions.numberOfElementsToBe(waiting(customer), 0));

        click(wait, By.cssSelector("#jobs tr[data-job='1010'] button"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Run 1010: done"));
        click(wait, By.cssSelector("#jobs tr[data-job='customer-sync'] button"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Run customer-sync: done"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lag"), "hq-customer-sync"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("lag"), "distribution-1010"));
        assertTrue(browser.findElement(By.id("latency")).getText().matches("p50 \\d+ ms, p99 \\d+ ms.*"),
                browser.findElement(By.id("latency")).getText());
    }

    @Test
    void opsSeeAPossibleDuplicateBesideTheCustomerItMatchedAndKeepThemSeparate() throws Exception {
        LocalSystem system = RunningSystem.get();
        WebDriverWait wait = openPage(system);
        String name = "Twin" + UUID.randomUUID().toString().substring(0, 8);
        UUID first = idOf(postCustomer("HOUSTON", HOUSTON_POS, name));
        UUID second = idOf(postCustomer("HOUSTON", HOUSTON_POS, name));

        // HQ numbers the two in one chunk in its own order: either is the one flagged against the other
        By either = By.cssSelector("#review tr[data-customer='" + first + "'][data-state='review'], #review tr[data-customer='"
                + second + "'][data-state='review']");
        WebElement shown;
        try {
            shown = new WebDriverWait(browser, Duration.ofSeconds(90)).until(ExpectedConditions.presenceOfElementLocated(either));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("neither " + first + " nor " + second + " is shown as a possible duplicate; the page says:\n"
                    + page(), e);
        }
        String flagged = shown.getAttribute("data-customer");
        By entry = By.cssSelector("#review tr[data-customer='" + flagged + "'][data-state='review']");
        String text = shown.getText();
        assertTrue(text.matches("(?s)FLAGGED.*HOUSTON.*C\\d{6}.*" + name + " Tester.*C\\d{6}.*" + name
                + " Tester.*email\\+firstName\\+lastName.*Keep separate.*Link to C\\d{6}.*"), text);

        click(wait, By.cssSelector("#review tr[data-customer='" + flagged + "'] button"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Keep separate " + flagged + ": done"));
        wait.until(ExpectedConditions.numberOfElementsToBe(entry, 0));
    }

    @Test
    void opsSeeADeadLetterWithItsReasonAndReplayIt() throws Exception {
        LocalSystem system = RunningSystem.get();
        String bootstrap = system.kafkaBootstrapServers();
        String customer = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String broken = """
                {"customerId":"%s","channelId":"HOUSTON","firstName":"Dead","lastName":"Lettered","createdAt":"%s"}"""
                .formatted(customer, Instant.now());
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, EventType.CUSTOMER_CREATED.ceType().getBytes(StandardCharsets.UTF_8));
        try (var producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CUSTOMER_UPLOADS, null, customer,
                    broken.getBytes(StandardCharsets.UTF_8), headers)).get();
        }
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.readUntil(bootstrap,
                Topics.deadLetterOf(Topics.CUSTOMER_UPLOADS), r -> customer.equals(r.key()), 1, Duration.ofSeconds(60));
        assertEquals(1, dead.size(), "HQ dead-letters the upload it cannot read");
        String where = dead.get(0).topic() + "/" + dead.get(0).partition() + "@" + dead.get(0).offset();
        By letter = By.cssSelector("#dead-letters tr[data-dead-letter='" + where + "']");

        WebDriverWait wait = openPage(system);
        WebElement shown;
        try {
            shown = wait.until(ExpectedConditions.presenceOfElementLocated(letter));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(where + " is not shown; the page says:\n" + page(), e);
        }
        String text = shown.getText();
        assertTrue(text.contains(eventId) && text.contains("Replay"), text);
        assertFalse(text.contains("Lettered"), "no body on the page: " + text);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dead-letter-topics"),
                Topics.deadLetterOf(Topics.CUSTOMER_UPLOADS)));

        click(wait, By.cssSelector("#dead-letters tr[data-dead-letter='" + where + "'] button"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Replay " + where + ": done"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dead-letters tr[data-dead-letter='"
                + where + "'][data-state='replayed']")));
        List<ConsumerRecord<String, byte[]>> sent = TopicReader.readUntil(bootstrap, Topics.CUSTOMER_UPLOADS,
                r -> customer.equals(r.key()), 2, Duration.ofSeconds(30));
        assertEquals(2, sent.size(), "the upload and its replay");
        assertEquals(broken, new String(sent.get(1).value(), StandardCharsets.UTF_8));
        assertEquals(eventId, TopicReader.header(sent.get(1), CloudEventHeaders.ID));
    }

    @Test
    void theChartsShowCustomersCreatedAndConvertedInARealRun() throws Exception {
        LocalSystem system = RunningSystem.get();
        // a dozen seconds of customers at both channels (two or three of the charts' 5 s samples), in bursts of changing size
        List<UUID> posted = new ArrayList<>();
        Instant end = Instant.now().plusSeconds(12);
        for (int round = 0; Instant.now().isBefore(end); round++) {
            posted.addAll(postCustomers("HOUSTON", HOUSTON_POS, 2 + round % 5, "Chart" + round + "h"));
            posted.addAll(postCustomers("ONLINE", ONLINE_STOREFRONT, 1 + round % 3, "Chart" + round + "o"));
            Thread.sleep(1000);
        }
        openPage(system);
        String filled = "const h = window.pipelineHistory; if (!h) return false; const s = h.distribution.series;"
                + " const some = n => (s[n] || []).some(v => v > 0);"
                + " return some('created/HOUSTON') && some('created/ONLINE') && some('conversions')"
                + " && h.hq.reachable && Object.keys(h.hq.history.series).includes('staging/HOUSTON');";
        try {
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(driver -> Boolean.TRUE.equals(
                    ((JavascriptExecutor) driver).executeScript(filled)));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(posted.size() + " customers posted, but the history the page has is "
                    + ((JavascriptExecutor) browser).executeScript("return JSON.stringify(window.pipelineHistory)"), e);
        }
        for (String chart : List.of("created", "conversions", "latency", "backlog", "lag")) {
            WebElement box = browser.findElement(By.cssSelector("#charts [data-chart='" + chart + "']"));
            assertFalse(box.findElements(By.tagName("canvas")).isEmpty(), chart + " has no canvas");
            assertTrue(Integer.parseInt(box.getAttribute("data-points")) >= 2, chart + ": " + box.getAttribute("data-points"));
        }
        String created = browser.findElement(By.cssSelector("#charts [data-chart='created']")).getText();
        assertTrue(created.contains("created at HOUSTON") && created.contains("created at ONLINE"), created);
        assertTrue(browser.findElement(By.cssSelector("#charts [data-chart='backlog']")).getText()
                .contains("HQ staging HOUSTON"), "HQ's staging is drawn beside distribution's figures");
        Thread.sleep(500); // the last redraw
        System.out.println("pipeline page with charts: " + HeadlessChromium.screenshot(browser, "pipeline-page.png"));
    }

    /**
     * Opens the page and connects with the ops key; its scripts and styles are all its own (the service's
     * Content-Security-Policy refuses any other): the browser refused none and the page's style sheet applies.
     */
    private static WebDriverWait openPage(LocalSystem system) {
        browser.get("http://localhost:" + system.layout().distributionPort() + "/pipeline.html");
        browser.findElement(By.id("key")).clear();
        browser.findElement(By.id("key")).sendKeys(SystemLayout.OPS_KEY);
        browser.findElement(By.id("connect")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "live"));
        List<String> refused = browser.manage().logs().get("browser").getAll().stream()
                .map(entry -> entry.getMessage()).filter(message -> message.contains("Content Security Policy")).toList();
        assertTrue(refused.isEmpty(), "refused by the page's Content-Security-Policy: " + refused);
        assertTrue(String.valueOf(((JavascriptExecutor) browser).executeScript(
                "return getComputedStyle(document.body).fontFamily")).contains("system-ui"), "pipeline.css applies");
        return wait;
    }

    /** The page redraws every two seconds: find the button again if it was replaced under the click. */
    private static void click(WebDriverWait wait, By button) {
        wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            driver.findElement(button).click();
            return true;
        });
    }

    private static String page() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private static By waiting(UUID customer) {
        return By.cssSelector("#waiting tr[data-customer='" + customer + "'][data-state='waiting']");
    }

    private static By synced(UUID customer) {
        return By.cssSelector("#synced tr[data-customer='" + customer + "'][data-state='synced']");
    }
}
