package dev.hitl.portal;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.hitl.HttpApi;
import dev.hitl.delivery.WebhookReceiver;
import dev.hitl.delivery.WebhookReceiver.Behaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What admins (group camunda-admin) do in the portal: API keys and failed deliveries. */
class AdminPagesBrowserIntegrationTests extends BrowserTestSupport {

	private static final WebhookReceiver receiver = startReceiver();

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void adminCreatesAnApiKeySeesItOnceUsesItAndRevokesIt() {
		String admin = newUser("adm", "camunda-admin");
		String name = "bot-" + UUID.randomUUID().toString().substring(0, 8);
		Page page = newPage();
		page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
		signIn(page, admin);
		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("API keys")).click();
		page.getByLabel("Name").fill(name);
		page.getByLabel("Owner").fill("owner-" + name);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();

		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
			.hasText("API key created");
		String key = page.getByLabel("API key").inputValue();
		String secret = page.getByLabel("Webhook signing secret").inputValue();
		assertThat(key).startsWith("hitl_");
		assertThat(secret).startsWith("whsec_");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy key")).click();
		assertThat(page.locator("#copy-status")).hasText("Copied to the clipboard.");
		assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(key);
		assertAccessible(page);

		HttpApi.Result created = api().post("/api/v1/consultations", HttpApi.bearer(key),
				map("title", "With the new key"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to the API keys")).click();
		Locator row = page.locator("tr",
				new Page.LocatorOptions().setHas(page.getByText(name, new Page.GetByTextOptions().setExact(true))));
		assertThat(row).hasCount(1);
		assertThat(row).not().containsText("Never");
		assertThat(row).containsText("Active");
		assertThat(page.content()).doesNotContain(key).doesNotContain(secret);

		row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Revoke " + name)).click();
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
			.hasText("Revoke API key “" + name + "”?");
		assertAccessible(page);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke key")).click();
		assertThat(page.getByRole(AriaRole.STATUS)).containsText("is revoked");
		assertThat(row).containsText("Revoked");
		assertThat(api().get("/api/v1/consultations", HttpApi.bearer(key)).status()).isEqualTo(401);
	}

	@Test
	void aFailedWebhookIsListedWithItsErrorAndRedeliveredByAnAdmin() {
		String group = uniqueId("grp");
		String reviewer = newUser("rev", group);
		AgentKey agent = newAgentKey("owner-" + UUID.randomUUID());
		String path = "/failing-" + UUID.randomUUID();
		receiver.behave(path, Behaviour.failFirst(3));
		String title = "Delivery fails " + UUID.randomUUID().toString().substring(0, 8);
		String id = ask(agent.authorization(), group, map("title", title, "callback_url", receiver.url(path))).get("id")
			.asText();
		assertThat(api()
			.post("/api/v1/consultations/" + id + "/respond", HttpApi.basic(reviewer, password(reviewer)),
					map("decision", "approved"))
			.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(40))
			.until(() -> get(agent.authorization(), id).get("callback").get("status").asText(), "failed"::equals);

		String admin = newUser("adm", "camunda-admin");
		Page page = newPage();
		signIn(page, admin);
		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Deliveries")).click();
		Locator row = page.locator("#delivery-" + id);
		assertThat(row).containsText(title);
		assertThat(row).containsText("503");
		assertAccessible(page);
		row.getByRole(AriaRole.BUTTON).click();
		assertThat(page.getByRole(AriaRole.STATUS)).containsText("being sent again");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> get(agent.authorization(), id).get("callback").get("status").asText(), "delivered"::equals);
		assertThat(receiver.requests(path)).hasSize(4);
		page.reload();
		assertThat(page.locator("#delivery-" + id)).hasCount(0);
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
