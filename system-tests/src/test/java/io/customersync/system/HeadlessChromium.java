package io.customersync.system;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and ChromeDriver for the browser tests, headless, 1280 x 1000. Without them the
 * test is skipped with a loud message, except on CI ({@code CI=true}), where it fails: .ci/run installs them.
 */
final class HeadlessChromium {

    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    static WebDriver start() throws Exception {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            String reason = "the browser test needs Debian's chromium and chromium-driver "
                    + "(apt-get install chromium chromium-driver): the pipeline page is NOT tested";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + ", and CI=true: .ci/run must install them");
            }
            System.err.println("*** SKIPPED: " + reason + " ***");
            Assumptions.assumeTrue(false, reason);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1000", "--hide-scrollbars",
                "--user-data-dir=" + Files.createTempDirectory("pipeline-page-chromium"));
        // the console's messages, a Content-Security-Policy's refusals among them (PipelinePageSystemIT reads them)
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build(), options);
    }

    /**
     * Saves what the browser shows as a PNG: at {@code -Dpipeline.screenshot=<path from the repository
     * root>} (the README's picture: docs/images/pipeline-page.png), else at system-tests/target/.
     */
    static Path screenshot(WebDriver browser, String defaultName) throws Exception {
        String asked = System.getProperty("pipeline.screenshot", "");
        Path file = ObservabilityFiles.ROOT.resolve(asked.isBlank() ? "system-tests/target/" + defaultName : asked);
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        return file;
    }
}
