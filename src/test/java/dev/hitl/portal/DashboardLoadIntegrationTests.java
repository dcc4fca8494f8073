package dev.hitl.portal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Measures (prints, does not judge) the dashboard of a reviewer with 1,000 open
 * consultations in Chromium: the median of 10 loads with an empty cache and of 10 with
 * the assets cached, and the bytes transferred. The figures depend on the machine; the
 * test only checks that the page is right. Creating the consultations takes a minute or
 * two, so it runs on request:
 * {@code ./mvnw verify -Dit.test=DashboardLoadIntegrationTests -Dhitl.measure=true}.
 */
@EnabledIfSystemProperty(named = "hitl.measure", matches = "true")
class DashboardLoadIntegrationTests extends BrowserTestSupport {

	private static final int OPEN = 1_000;

	private static final int LOADS = 10;

	/** Creation is limited per API key; ten agents stay well within it. */
	private static final int AGENTS = 10;

	@Test
	void dashboardWithAThousandOpenConsultations() throws Exception {
		String group = uniqueId("grp");
		String user = newUserWithoutEmail(group);
		long started = System.nanoTime();
		createOpenConsultations(group);
		double creationSeconds = (System.nanoTime() - started) / 1e9;
		awaitQuietEngine();
		// What autovacuum does within a minute of a bulk insert: without fresh statistics
		// PostgreSQL plans the reviewer filter as a nested loop over all 1,000 rows.
		this.jdbc.execute("analyze consultation");
		this.jdbc.execute("analyze consultation_reviewer");

		List<Load> cold = new ArrayList<>();
		for (int i = 0; i < LOADS; i++) {
			Page page = newPage();
			signInWithoutPage(page, user);
			cold.add(load(page));
		}
		Page page = newPage();
		signInWithoutPage(page, user);
		load(page);
		List<Load> warm = new ArrayList<>();
		for (int i = 0; i < LOADS; i++) {
			warm.add(load(page));
		}
		assertThat(page.locator("#results-count")).containsText(OPEN + " consultations");
		assertThat(page.locator("#results .card")).hasCount(DashboardController.PAGE_SIZE);

		System.out.printf("%nDashboard with %d open consultations (created in %.1f s), %d loads each:%n", OPEN,
				creationSeconds, LOADS);
		System.out.printf("  empty cache:  median load %d ms (document %d ms), %s transferred%n",
				median(cold, Load::loadMillis), median(cold, Load::documentMillis), bytes(median(cold, Load::bytes)));
		System.out.printf("  assets cached: median load %d ms (document %d ms), %s transferred%n",
				median(warm, Load::loadMillis), median(warm, Load::documentMillis), bytes(median(warm, Load::bytes)));
		System.out.printf("  HTML document: %s compressed, %s uncompressed%n%n", bytes(cold.get(0).documentBytes()),
				bytes(cold.get(0).documentDecodedBytes()));
	}

	/**
	 * No email address: the 1,000 "your judgement is needed" emails are not worked on.
	 */
	private String newUserWithoutEmail(String group) {
		String user = uniqueId("load");
		assertThat(api()
			.post("/engine-rest/user/create", ADMIN_AUTH,
					map("profile", map("id", user, "firstName", "Load", "lastName", "Reviewer"), "credentials",
							map("password", password(user))))
			.status()).isEqualTo(204);
		ensureGroup(group);
		assertThat(api().put("/engine-rest/group/" + group + "/members/" + user, ADMIN_AUTH, Map.of()).status())
			.isEqualTo(204);
		return user;
	}

	/**
	 * Waits until the engine has run the jobs creation left behind (each process
	 * continues asynchronously to notify reviewers). The notification tasks themselves
	 * find no recipient and cost next to nothing.
	 */
	private void awaitQuietEngine() {
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> api().get("/engine-rest/job/count?executable=true", ADMIN_AUTH).json().get("count").asLong(),
					(jobs) -> jobs == 0);
	}

	/**
	 * Signs in with the form's own request, sharing the browser context's cookies but not
	 * its cache, so the first dashboard load fetches every asset.
	 */
	private static void signInWithoutPage(Page page, String user) {
		APIResponse form = page.context().request().get("/login");
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.text());
		assertThat(csrf.find()).isTrue();
		APIResponse signedIn = page.context()
			.request()
			.post("/login",
					RequestOptions.create()
						.setForm(FormData.create()
							.set("username", user)
							.set("password", password(user))
							.set("_csrf", csrf.group(1)))
						.setMaxRedirects(0));
		assertThat(signedIn.status()).isEqualTo(302);
		assertThat(signedIn.headers().get("location")).endsWith("/dashboard");
	}

	private void createOpenConsultations(String group) throws Exception {
		List<String> agents = new ArrayList<>();
		for (int i = 0; i < AGENTS; i++) {
			agents.add(newAgent());
		}
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> created = new ArrayList<>();
			for (int i = 0; i < OPEN; i++) {
				String agent = agents.get(i % AGENTS);
				String priority = List.of("low", "normal", "normal", "high", "urgent").get(i % 5);
				int n = i;
				created.add(pool.submit(() -> ask(agent, group, map("title", "Open consultation " + n, "priority",
						priority, "external_ref", "load-" + n, "context", map("n", n), "timeout", "P1D"))));
			}
			for (Future<?> future : created) {
				future.get();
			}
		}
		finally {
			pool.shutdown();
		}
	}

	/** Navigates to the dashboard and reads the browser's own timing of it. */
	@SuppressWarnings("unchecked")
	private static Load load(Page page) {
		page.navigate("/dashboard");
		page.waitForLoadState();
		Map<String, Object> timing = (Map<String, Object>) page.evaluate("() => { const n = performance"
				+ ".getEntriesByType('navigation')[0]; const resources = performance.getEntriesByType('resource'); "
				+ "return { load: n.loadEventEnd - n.startTime, document: n.responseEnd - n.requestStart, "
				+ "bytes: n.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0), "
				+ "documentBytes: n.transferSize, documentDecoded: n.decodedBodySize }; }");
		return new Load(number(timing, "load"), number(timing, "document"), number(timing, "bytes"),
				number(timing, "documentBytes"), number(timing, "documentDecoded"));
	}

	private static long number(Map<String, Object> values, String name) {
		return Math.round(((Number) values.get(name)).doubleValue());
	}

	private static long median(List<Load> loads, java.util.function.ToLongFunction<Load> metric) {
		long[] values = loads.stream().mapToLong(metric).sorted().toArray();
		return (values[(values.length - 1) / 2] + values[values.length / 2]) / 2;
	}

	private static String bytes(long bytes) {
		return String.format("%.1f KB (%d bytes)", bytes / 1024.0, bytes);
	}

	record Load(long loadMillis, long documentMillis, long bytes, long documentBytes, long documentDecodedBytes) {
	}

}
