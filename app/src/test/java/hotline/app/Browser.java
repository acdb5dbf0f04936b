package hotline.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for the console's tests (Debian's {@code chromium} and {@code chromium-driver}): skips the
 * calling test class with a message where they are missing. Waits, sign-in and screenshots to
 * {@code target/screenshots/}.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target/screenshots");

  final ChromeDriver driver;
  private final String base;

  private Browser(ChromeDriver driver, String base) {
    this.driver = driver;
    this.base = base;
  }

  /** Skips the test (an assumption) when Chromium or its driver is not installed. */
  static void requireChromium() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: Debian's chromium and chromium-driver are not installed (/usr/bin/chromium, /usr/bin/chromedriver)");
  }

  /** A fresh browser (own profile: empty cache and storage) on the app at base. */
  static Browser open(String base) throws IOException {
    requireChromium();
    Files.createDirectories(SCREENSHOTS);
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString()).addArguments("--headless=new", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--window-size=1366,900", "--lang=zh-CN",
        "--user-data-dir=" + Files.createTempDirectory("hotline-chromium"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options), base);
  }

  /** Opens a page of the console, e.g. {@code "/"} or {@code "/#/cases/12"}. */
  void get(String path) {
    driver.get(base + path);
  }

  WebElement waitFor(By by) {
    return waitFor(by, Duration.ofSeconds(10));
  }

  WebElement waitFor(By by, Duration timeout) {
    return new WebDriverWait(driver, timeout).until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Waits until the element's text contains text. */
  void waitForText(By by, String text) {
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  /** Signs in on the sign-in page and waits for the desk. */
  void signIn(String user, String password) {
    get("/");
    WebElement form = waitFor(By.cssSelector("[data-test=signin]"));
    form.findElement(By.name("username")).sendKeys(user);
    form.findElement(By.name("password")).sendKeys(password);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    waitFor(By.cssSelector("[data-test=who]"));
  }

  void signOut() {
    driver.findElement(By.cssSelector("[data-test=signout]")).click();
    waitFor(By.cssSelector("[data-test=signin]"));
  }

  /** A screenshot of the whole window to target/screenshots/name.png. */
  void shot(String name) throws IOException {
    Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  /** How long a page took and what it weighed: milliseconds from navigation start until it was ready, requests, bytes. */
  record PageLoad(String path, long readyMillis, int requests, long transferBytes, long decodedBytes) {
    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "page %s: ready in %d ms, %d requests, %.1f KB on the wire (%.1f KB decoded)",
          path, readyMillis, requests, transferBytes / 1024.0, decodedBytes / 1024.0);
    }
  }

  /**
   * Loads path as a fresh navigation (a full page load, not a route change), waits until ready is visible and
   * measures from the browser's Navigation and Resource Timing: the time from navigation start to ready, and every
   * request's transfer size (0 for what the cache served without asking). Prints the figure for the closing note.
   */
  PageLoad load(String path, By ready) {
    // A fresh tab, the old one closed: whatever the old page held open (its event stream) is gone with it, as when a
    // user opens the console anew, and Chromium's six connections per host are all free for the page measured.
    String old = driver.getWindowHandle();
    driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
    String fresh = driver.getWindowHandle();
    driver.switchTo().window(old).close();
    driver.switchTo().window(fresh);
    driver.get(base + path);
    try {
      new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(10))
          .until(ExpectedConditions.visibilityOfElementLocated(ready));
    } catch (org.openqa.selenium.TimeoutException e) {
      try {
        shot("load-timeout" + path.replaceAll("[^A-Za-z0-9]+", "-"));
      } catch (IOException ignored) {
        // the timeout is what the test reports
      }
      System.out.println("load timed out: " + driver.executeScript("return JSON.stringify(performance.getEntriesByType('resource')"
          + ".map((e) => [e.name.replace(location.origin, ''), e.responseStatus, Math.round(e.duration)]))"));
      throw e;
    }
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> m = (java.util.Map<String, Object>) driver.executeScript("""
        const entries = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
          .filter((e) => !e.name.includes('/api/events'));
        return { ready: Math.round(performance.now()), requests: entries.length,
          transfer: entries.reduce((a, e) => a + (e.transferSize || 0), 0),
          decoded: entries.reduce((a, e) => a + (e.decodedBodySize || 0), 0) };""");
    PageLoad load = new PageLoad(path, ((Number) m.get("ready")).longValue(), ((Number) m.get("requests")).intValue(),
        ((Number) m.get("transfer")).longValue(), ((Number) m.get("decoded")).longValue());
    System.out.println(load);
    return load;
  }

  Object script(String js, Object... args) {
    return driver.executeScript(js, args);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
