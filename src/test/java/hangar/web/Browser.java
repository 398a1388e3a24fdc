package hangar.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through Debian's chromedriver, for the web pages' tests. Outside
 * CI a machine without them skips those tests, saying so; in CI (which installs both) it fails.
 */
final class Browser implements AutoCloseable {
  /** Where screenshots go: looked at by people, kept with the build's other reports. */
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static final List<String> CHROMIUM =
      List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
  private static final List<String> DRIVER =
      List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

  private final ChromeDriver driver;
  private final String base;

  private Browser(ChromeDriver driver, String base) {
    this.driver = driver;
    this.base = base;
  }

  /** Opens a browser for the server at {@code base}, or skips the test where none is installed. */
  static Browser open(String base) {
    Optional<Path> chromium = first(CHROMIUM);
    Optional<Path> chromedriver = first(DRIVER);
    boolean ci = "true".equals(System.getenv("CI"));
    if (!ci) {
      assumeTrue(
          chromium.isPresent() && chromedriver.isPresent(),
          "browser tests need Debian's chromium and chromium-driver (apt-get install chromium"
              + " chromium-driver); .ci/run installs them");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(
        chromium.orElseThrow(() -> new AssertionError("chromium is not installed")).toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--lang=en-US");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                chromedriver
                    .orElseThrow(() -> new AssertionError("chromedriver is not installed"))
                    .toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new Browser(driver, base);
  }

  private static Optional<Path> first(List<String> candidates) {
    return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  WebDriver driver() {
    return driver;
  }

  /** Goes to a path of the server. */
  void go(String path) {
    driver.get(base + path);
  }

  /** The element, waiting up to 20 s for it to appear. */
  WebElement find(By by) {
    return new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(ExpectedConditions.presenceOfElementLocated(by));
  }

  /** Waits up to {@code seconds} for the element's text to contain {@code text}. */
  void awaitText(By by, String text, int seconds) {
    // Live parts are swapped every 2 s: an element read mid-swap is asked for again.
    new WebDriverWait(driver, Duration.ofSeconds(seconds))
        .ignoring(org.openqa.selenium.WebDriverException.class)
        .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  /** Waits up to 20 s for the form field's value to contain {@code text}. */
  void awaitValue(By by, String text) {
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(ExpectedConditions.attributeContains(by, "value", text));
  }

  /**
   * As {@link #awaitText(By, String, int)}, but a timeout says what {@code why} shows (such as the
   * page's flash with the API's refusal).
   */
  void awaitText(By by, String text, int seconds, By why) {
    try {
      awaitText(by, text, seconds);
    } catch (org.openqa.selenium.TimeoutException e) {
      List<WebElement> shown = driver.findElements(why);
      throw new AssertionError(
          "waited "
              + seconds
              + " s for '"
              + text
              + "'; the page shows: "
              + (shown.isEmpty() ? "nothing at " + why : shown.get(0).getText()),
          e);
    }
  }

  /** Logs in through the login page and waits for the dashboard. */
  void logIn(String login, String password) {
    go("/login");
    find(By.name("login")).sendKeys(login);
    driver.findElement(By.name("password")).sendKeys(password);
    driver.findElement(By.cssSelector("form#login button[type=submit]")).click();
    awaitText(By.id("whoami"), login, 20);
  }

  /** Logs out with the header's button and waits for the login page. */
  void logOut() {
    find(By.cssSelector("[data-logout]")).click();
    find(By.id("login"));
  }

  /** Saves what the browser shows as {@code target/screenshots/NAME.png}. */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    return file;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
