package dev.hitl.portal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.standardwebhooks.Webhook;
import dev.hitl.HttpApi;
import dev.hitl.delivery.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reviewer's way through the portal in headless Chromium: signing in and out, the
 * dashboard with its filters and polling, answering, and what the agent then receives.
 */
class PortalBrowserIntegrationTests extends BrowserTestSupport {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final WebhookReceiver receiver = startReceiver();

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void signingOutEndsTheSessionAndProtectedPagesGoBackToTheLogin() {
		String group = uniqueId("grp");
		String user = newUser("rev", group);
		Page page = newPage();
		page.navigate("/history");
		assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login$"));
		assertAccessible(page);
		signIn(page, user);
		assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/history$"));
		Locator header = page.locator("header");
		assertThat(header.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("History")))
			.hasAttribute("aria-current", "page");
		assertThat(header).containsText("Test " + user);
		assertThat(header).containsText(user + "@example.com");
		assertThat(header.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Tasklist")))
			.hasAttribute("href", "/camunda/app/tasklist/default/");
		assertThat(header.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("API keys"))).hasCount(0);
		page.navigate("/admin/api-keys");
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Not allowed");
		assertAccessible(page);
		List<Cookie> signedIn = page.context().cookies();

		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
		assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login\\?logout$"));
		assertThat(page.getByRole(AriaRole.STATUS)).hasText("You are signed out.");
		page.navigate("/dashboard");
		assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login$"));
		// The session ended on the server: its old cookie opens nothing either.
		page.context().clearCookies();
		page.context().addCookies(signedIn);
		page.navigate("/dashboard");
		assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login$"));
	}

	@Test
	void reviewerFiltersOpensAndApprovesAndTheAgentReceivesTheSignedWebhook() throws Exception {
		String group = uniqueId("grp");
		String user = newUser("rev", group);
		AgentKey agent = newAgentKey("owner-" + UUID.randomUUID());
		String path = "/approved-" + UUID.randomUUID();
		String ref = "refund-" + UUID.randomUUID().toString().substring(0, 8);
		JsonNode refund = ask(agent.authorization(), group,
				map("title", "Refund order 1042 for 89 EUR?", "description", "The parcel **never arrived**.", "context",
						map("order", 1042, "customer", map("name", "Ann")), "priority", "high", "external_ref", ref,
						"callback_url", receiver.url(path)));
		ask(agent.authorization(), group,
				map("title", "Which reply should I send?", "response_type", "choice", "options",
						List.of(map("value", "a", "label", "Apologise"), map("value", "b", "label", "Ask")), "priority",
						"urgent"));
		ask(agent.authorization(), group, map("title", "Low-priority question", "priority", "low"));

		Page page = newPage();
		signIn(page, user);
		assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/dashboard$"));
		Locator cards = page.locator("#results .card");
		assertThat(cards).hasCount(3);
		assertThat(cards.first()).containsText("Which reply should I send?");
		page.getByLabel("Priority").selectOption("high");
		assertThat(cards).hasCount(1);
		page.getByLabel("Priority").selectOption("");
		assertThat(cards).hasCount(3);
		page.getByLabel("Search title or external ref").fill(ref.toUpperCase());
		page.getByLabel("Search title or external ref").press("Enter");
		assertThat(cards).hasCount(1);
		assertThat(page).hasURL(java.util.regex.Pattern.compile(".*q=" + ref.toUpperCase() + ".*"));

		cards.getByRole(AriaRole.LINK).click();
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
			.hasText("Refund order 1042 for 89 EUR?");
		assertThat(page.locator(".description strong")).hasText("never arrived");
		assertThat(page.locator(".json-tree")).containsText("customer");
		assertThat(page.locator(".json-tree")).containsText("\"Ann\"");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Claim")).click();
		assertThat(page.locator(".claim")).containsText("Claimed by you");
		page.getByLabel("Comment").fill("Carrier confirmed the loss");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve")).click();
		assertThat(page.getByRole(AriaRole.STATUS)).hasText("Your answer was recorded.");
		Locator result = page.locator(".result");
		assertThat(result).containsText("Approved");
		assertThat(result).containsText("Portal");
		assertThat(result).containsText(user);
		assertAccessible(page);

		WebhookReceiver.Request webhook = await().atMost(Duration.ofSeconds(30))
			.until(() -> receiver.requests(path), (requests) -> !requests.isEmpty())
			.get(0);
		new Webhook(agent.webhookSecret()).verify(webhook.body(), webhook.headers());
		JsonNode event = JSON.readTree(webhook.body());
		assertThat(event.get("type").asText()).isEqualTo("consultation.responded");
		JsonNode response = event.get("data").get("response");
		assertThat(response.get("decision").asText()).isEqualTo("approved");
		assertThat(response.get("comment").asText()).isEqualTo("Carrier confirmed the loss");
		assertThat(response.get("responded_by").asText()).isEqualTo(user);
		assertThat(response.get("channel").asText()).isEqualTo("portal");
		String id = refund.get("id").asText();
		assertThat(get(agent.authorization(), id).get("response").get("channel").asText()).isEqualTo("portal");
		JsonNode audit = api()
			.get("/api/v1/audit-events?consultation_id=" + id + "&action=consultation.responded", ADMIN_AUTH)
			.json()
			.get("items")
			.get(0);
		assertThat(audit.get("channel").asText()).isEqualTo("portal");
		assertThat(audit.get("actor").asText()).isEqualTo(user);
		JsonNode claimed = api()
			.get("/api/v1/audit-events?consultation_id=" + id + "&action=consultation.claimed", ADMIN_AUTH)
			.json()
			.get("items")
			.get(0);
		assertThat(claimed.get("channel").asText()).isEqualTo("portal");
	}

	@Test
	void aConsultationCreatedWhileTheDashboardIsOpenIsAnnouncedWithoutReload() {
		String group = uniqueId("grp");
		String user = newUser("rev", group);
		String reviewerAuth = HttpApi.basic(user, password(user));
		String agent = newAgent();
		JsonNode first = ask(agent, group, map("title", "Already waiting"));
		Page page = newPage();
		signIn(page, user);
		assertThat(page.locator("#results .card")).hasCount(1);
		page.evaluate("() => { window.loadedOnce = 'yes'; }");

		ask(agent, group, map("title", "Arrived while you looked"));
		assertThat(api()
			.post("/api/v1/consultations/" + first.get("id").asText() + "/respond", reviewerAuth,
					map("decision", "rejected"))
			.status()).isEqualTo(200);

		Locator notice = page.locator("#new-notice");
		assertThat(notice).containsText("1 new consultation",
				new LocatorAssertions.ContainsTextOptions().setTimeout(25_000));
		assertThat(notice).containsText("Arrived while you looked");
		// The list did not move: the card on it is updated in place, the new one is only
		// announced.
		Locator cards = page.locator("#results .card");
		assertThat(cards).hasCount(1);
		assertThat(cards.first()).containsText("Already waiting");
		assertThat(cards.first()).containsText("Answered");
		assertThat(page.evaluate("() => window.loadedOnce")).isEqualTo("yes");

		notice.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Show them in the list")).click();
		assertThat(cards).hasCount(1);
		assertThat(cards.first()).containsText("Arrived while you looked");
		assertThat(page.evaluate("() => window.loadedOnce")).isEqualTo("yes");
		assertThat(this.policyViolations).isEmpty();
	}

	@Test
	void pollingPausesWhileTheTabIsHidden() {
		String user = newUser("rev", uniqueId("grp"));
		Page page = newPage();
		signIn(page, user);
		AtomicInteger polls = new AtomicInteger();
		page.onRequest((request) -> {
			if (request.url().contains("/dashboard/changes")) {
				polls.incrementAndGet();
			}
		});
		page.evaluate("() => { document.getElementById('poller').setAttribute('data-poll-ms', '200');"
				+ " Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });"
				+ " document.dispatchEvent(new Event('visibilitychange')); }");
		page.waitForTimeout(2500);
		assertThat(polls.get()).as("requests while hidden").isZero();
		page.evaluate("() => { Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });"
				+ " document.dispatchEvent(new Event('visibilitychange')); }");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			page.waitForTimeout(100);
			assertThat(polls.get()).isPositive();
		});
	}

	@Test
	void aConsultationAnsweredMeanwhileSaysSoInsteadOfFailing() {
		String group = uniqueId("grp");
		String user = newUser("rev", group);
		String other = newUser("rev", group);
		JsonNode consultation = ask(newAgent(), group, map("title", "Answered elsewhere first"));
		Page page = newPage();
		signIn(page, user);
		page.navigate("/consultations/" + consultation.get("id").asText());
		assertThat(api()
			.post("/api/v1/consultations/" + consultation.get("id").asText() + "/respond",
					HttpApi.basic(other, password(other)), map("decision", "rejected", "comment", "too late for you"))
			.status()).isEqualTo(200);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve")).click();
		assertThat(page.getByRole(AriaRole.ALERT)).containsText("Your answer was not recorded");
		assertThat(page.getByRole(AriaRole.ALERT)).containsText("already responded");
		Locator result = page.locator(".result");
		assertThat(result).containsText("Rejected");
		assertThat(result).containsText(other);
		assertThat(result).containsText("API");
		assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve"))).hasCount(0);
	}

	private static WebhookReceiver startReceiver() {
		try {
			return new WebhookReceiver();
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
