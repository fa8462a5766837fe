package io.hookyard.app.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromium-driver, both named explicitly so
 * Selenium Manager never looks for (or downloads) anything. Tests that need it are skipped when
 * either is missing ({@code .ci/run} installs both).
 */
public final class Browser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ChromeDriver driver;
  private final String base;

  private Browser(ChromeDriver driver, String base) {
    this.driver = driver;
    this.base = base;
  }

  /** Skips the calling test (class, when called in {@code @BeforeAll}) without Chromium. */
  public static void assumeAvailable() {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
  }

  /** A browser for the Hookyard at {@code base}. */
  public static Browser open(String base) {
    assumeAvailable();
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900");
    return new Browser(new ChromeDriver(service, options), base);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Opens {@code /console} and signs in with {@code key}, as a person would. */
  public void signIn(String key) {
    driver.get(base + "/console");
    driver.executeScript("sessionStorage.clear()");
    driver.navigate().refresh();
    WebElement input = waitFor(By.name("api_key"));
    input.sendKeys(key, Keys.ENTER); // by keyboard, as many people sign in

    waitFor(By.id("sign-out"));
  }

  /** Goes to a console route such as {@code #/endpoints}. */
  public void go(String hash) {
    driver.get(base + "/console" + hash);
  }

  public WebElement waitFor(By by) {
    return waitFor(by, WAIT);
  }

  public WebElement waitFor(By by, Duration timeout) {
    return new WebDriverWait(driver, timeout)
        .until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  public WebElement button(String text) {
    return waitFor(By.xpath("//button[normalize-space()='" + text + "']"));
  }

  public WebElement link(String text) {
    return waitFor(By.xpath("//a[normalize-space()='" + text + "']"));
  }

  public void type(String name, String text) {
    WebElement input = waitFor(By.name(name));
    input.clear();
    input.sendKeys(text);
  }

  public List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  public String text() {
    return driver.findElement(By.tagName("body")).getText();
  }

  public Object script(String js) {
    return ((JavascriptExecutor) driver).executeScript(js);
  }

  /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
  public Path screenshot(String name) {
    File shot = driver.getScreenshotAs(OutputType.FILE);
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
