package dev.hitl.portal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.hitl.PostgresIntegrationTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser tests on the shared PostgreSQL test context: headless Chromium driven by
 * Playwright, the Debian browser at {@code /usr/bin/chromium} where it exists (CI
 * installs it; Playwright cannot download its own here), else Playwright's own. Every
 * test gets a fresh browser context (no cookies) and its own users and consultations.
 */
abstract class BrowserTestSupport extends PostgresIntegrationTestSupport {

	static final Path SYSTEM_CHROMIUM = Paths.get("/usr/bin/chromium");

	static final Path SCREENSHOTS = Paths.get("target", "portal-screenshots");

	private static final ObjectMapper JSON = new ObjectMapper();

	private static Playwright playwright;

	private static Browser browser;

	private final List<BrowserContext> contexts = new ArrayList<>();

	/**
	 * Messages of the browser console about refused content (Content-Security-Policy).
	 */
	protected final List<String> policyViolations = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void launchBrowser() {
		boolean system = Files.isExecutable(SYSTEM_CHROMIUM);
		playwright = Playwright.create(new Playwright.CreateOptions()
			.setEnv(system ? Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1") : Map.of()));
		BrowserType.LaunchOptions options = new BrowserType.LaunchOptions().setHeadless(true)
			.setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--no-first-run"));
		if (system) {
			options.setExecutablePath(SYSTEM_CHROMIUM);
		}
		browser = playwright.chromium().launch(options);
		// Assertions wait as long as actions do (Playwright's own default is 5 s):
		// Tasklist's
		// first load after its login took longer than that on a slow CI host.
		PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
	}

	@AfterAll
	static void closeBrowser() {
		if (browser != null) {
			browser.close();
		}
		if (playwright != null) {
			playwright.close();
		}
	}

	@AfterEach
	void closeContexts() {
		this.contexts.forEach(BrowserContext::close);
		this.contexts.clear();
	}

	/** A new, empty browser window of the given width. */
	protected Page newPage(int width, int height) {
		BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height)
			.setBaseURL("http://localhost:" + this.port));
		context.setDefaultTimeout(20_000);
		this.contexts.add(context);
		Page page = context.newPage();
		page.onConsoleMessage((message) -> {
			if (message.text().contains("Content Security Policy")) {
				this.policyViolations.add(page.url() + ": " + message.text());
			}
		});
		return page;
	}

	protected Page newPage() {
		return newPage(1280, 900);
	}

	/** Creates a reviewer account in the given groups; returns its user id. */
	protected String newUser(String prefix, String... groups) {
		String user = uniqueId(prefix);
		newReviewer(user, groups);
		return user;
	}

	protected static String password(String user) {
		return "pw-" + user + "-secret";
	}

	/** Signs in through the portal's login page and waits for the page it lands on. */
	protected void signIn(Page page, String user) {
		page.navigate("/login");
		page.getByLabel("User name").fill(user);
		page.getByLabel("Password").fill(password(user));
		page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
			.click();
		page.waitForURL((url) -> !url.contains("/login"));
	}

	/** Signs in through Tasklist's own login form and waits for its task list. */
	protected void signInToTasklist(Page page, String user) {
		page.navigate("/camunda/app/tasklist/default/");
		page.getByPlaceholder("Username").fill(user);
		page.getByPlaceholder("Password").fill(password(user));
		page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in"))
			.click();
		PlaywrightAssertions.assertThat(page.getByText("All tasks")).isVisible();
	}

	/**
	 * Runs axe-core on the page and returns the serious and critical violations, each as
	 * "rule: help (targets)".
	 */
	protected List<String> seriousAccessibilityViolations(Page page) {
		// Evaluated by the browser's debugging protocol, which the page's CSP does not
		// bind;
		// the script sets window.axe.
		assertThat(page.evaluate("() => {\n" + axeSource() + "\n;return typeof window.axe;}")).isEqualTo("object");
		String result = (String) page.evaluate("async () => JSON.stringify((await axe.run(document, "
				+ "{ resultTypes: ['violations'] })).violations.filter(v => v.impact === 'serious' || v.impact === "
				+ "'critical').map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).join(', ') "
				+ "+ ')'))");
		try {
			List<String> violations = new ArrayList<>();
			JSON.readTree(result).forEach((node) -> violations.add(node.asText()));
			return violations;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	protected void assertAccessible(Page page) {
		assertThat(seriousAccessibilityViolations(page)).as("axe-core on " + page.url()).isEmpty();
	}

	protected void screenshot(Page page, String name) {
		page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
	}

	/** A consultation for the group (and no one else), with the given extra fields. */
	protected JsonNode ask(String agent, String group, Map<String, Object> fields) {
		Map<String, Object> body = new java.util.LinkedHashMap<>(fields);
		body.putIfAbsent("reviewers", reviewers(List.of(group), List.of()));
		return create(agent, body);
	}

	private static String axeSource() {
		try (InputStream source = BrowserTestSupport.class.getResourceAsStream("/axe.min.js")) {
			assertThat(source).as("axe.min.js of com.deque.html.axe-core:playwright on the test class path")
				.isNotNull();
			return new String(source.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
