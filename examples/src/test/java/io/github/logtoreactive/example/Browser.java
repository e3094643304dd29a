package io.github.logtoreactive.example;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Selenium through the system {@code chromedriver}: nothing is downloaded at run
 * time (the driver service names the executable, so Selenium Manager is never asked). Paths:
 * {@code -Dexample.chromium=/usr/bin/chromium}, {@code -Dexample.chromedriver=/usr/bin/chromedriver}. A missing
 * browser fails the test with what to install; it never skips.
 */
final class Browser implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(20);

	final ChromeDriver driver;

	private final ChromeDriverService service;

	private final Path profile;

	private Browser(ChromeDriver driver, ChromeDriverService service, Path profile) {
		this.driver = driver;
		this.service = service;
		this.profile = profile;
	}

	static Browser start() {
		File chromium = new File(System.getProperty("example.chromium", "/usr/bin/chromium"));
		File chromedriver = new File(System.getProperty("example.chromedriver", "/usr/bin/chromedriver"));
		if (!chromium.canExecute() || !chromedriver.canExecute()) {
			throw new AssertionError("The browser tests need Debian's chromium and chromium-driver (" + chromium + ", "
					+ chromedriver + "): apt-get install chromium chromium-driver, or set -Dexample.chromium and "
					+ "-Dexample.chromedriver. They are not skipped.");
		}
		System.setProperty("webdriver.chrome.driver", chromedriver.getAbsolutePath());
		System.setProperty("SE_OFFLINE", "true");
		Path profile;
		try {
			profile = Files.createTempDirectory("logto-example-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1280,1024", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		return new Browser(driver, service, profile);
	}

	void open(String url) {
		this.driver.get(url);
	}

	WebElement element(String id) {
		return until("element #" + id, d -> {
			WebElement element = d.findElement(By.id(id));
			return element.isDisplayed() ? element : null;
		});
	}

	void click(String id) {
		element(id).click();
	}

	/**
	 * @param id a result element filled by the page's fetch buttons
	 * @param status the expected HTTP status of the call behind it
	 * @return its text once the call answered with that status
	 */
	String result(String id, int status) {
		return until("#" + id + " with status " + status, d -> {
			WebElement element = d.findElement(By.id(id));
			String shown = element.getDomAttribute("data-status");
			if (shown == null) {
				return null;
			}
			if (!shown.equals(Integer.toString(status))) {
				throw new AssertionError("#" + id + " answered " + shown + ": " + element.getText());
			}
			return element.getText();
		});
	}

	<T> T until(String what, Function<WebDriver, T> condition) {
		try {
			return new WebDriverWait(this.driver, WAIT).ignoring(org.openqa.selenium.NoSuchElementException.class)
				.until(condition::apply);
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			throw new AssertionError("Timed out waiting for " + what + " at " + this.driver.getCurrentUrl()
					+ "; page:\n" + this.driver.getPageSource(), ex);
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			this.service.stop();
			try (Stream<Path> files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
			catch (IOException ex) {
				// A profile file still locked by an exiting Chromium: the temporary directory is cleaned by the OS.
			}
		}
	}
}
