package dev.hitl.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.hitl.HttpApi;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page of the portal through axe-core (no serious or critical violation), within
 * the strict Content-Security-Policy, and usable at a phone's 375 px: nothing wider than
 * the screen. Leaves screenshots of the dashboard under target/portal-screenshots.
 */
class PortalAccessibilityIntegrationTests extends BrowserTestSupport {

	@Test
	void everyPagePassesAxeAtDesktopAndPhoneWidth() {
		String group = uniqueId("grp");
		String admin = newUser("adm", "camunda-admin", group);
		String agent = newAgent();
		String approval = ask(agent, group, map("title", "Refund order 1042 for 89 EUR?", "description",
				"The customer says the parcel **never arrived**.\n\n| carrier | days |\n|---|---|\n| DHL | 12 |\n\n"
						+ "- tracked\n- insured\n\n[Order](https://shop.example.com/orders/1042)",
				"context", map("order", 1042, "items", List.of(map("sku", "A-1", "qty", 2)), "vip", true), "priority",
				"high", "external_ref", "refund-1042", "timeout", "PT4H"))
			.get("id")
			.asText();
		String choice = ask(agent, group,
				map("title", "Which reply should I send?", "response_type", "choice", "options",
						List.of(map("value", "a", "label", "Apologise and refund"),
								map("value", "b", "label", "Ask for photos")),
						"priority", "urgent"))
			.get("id")
			.asText();
		String text = ask(agent, group,
				map("title", "What is the customer's real address?", "response_type", "text", "priority", "low"))
			.get("id")
			.asText();
		String answered = ask(agent, group, map("title", "Approve the discount?")).get("id").asText();
		assertThat(api()
			.post("/api/v1/consultations/" + answered + "/respond", HttpApi.basic(admin, password(admin)),
					map("decision", "approved", "comment", "Fine"))
			.status()).isEqualTo(200);

		Page page = newPage();
		page.navigate("/login");
		List<String> problems = new ArrayList<>(check(page, "login"));
		signIn(page, admin);
		screenshot(page, "dashboard-desktop");
		Map<String, String> pages = new LinkedHashMap<>();
		pages.put("dashboard", "/dashboard");
		pages.put("approval", "/consultations/" + approval);
		pages.put("choice", "/consultations/" + choice);
		pages.put("text", "/consultations/" + text);
		pages.put("answered", "/consultations/" + answered);
		pages.put("history", "/history");
		pages.put("insights", "/insights");
		pages.put("api-keys", "/admin/api-keys");
		pages.put("revoke", null);
		pages.put("deliveries", "/admin/deliveries");
		pages.put("not-found", "/consultations/" + UUID.randomUUID());
		for (Map.Entry<String, String> entry : pages.entrySet()) {
			if (entry.getValue() == null) {
				page.navigate("/admin/api-keys");
				page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Revoke ")).first().click();
			}
			else {
				page.navigate(entry.getValue());
			}
			problems.addAll(check(page, entry.getKey()));
		}
		page.navigate("/admin/api-keys");
		page.getByLabel("Name").fill("a11y-bot");
		page.getByLabel("Owner").fill("a11y");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
		problems.addAll(check(page, "api-key-created"));

		Page phone = newPage(375, 812);
		signIn(phone, admin);
		screenshot(phone, "dashboard-phone");
		for (String path : List.of("/dashboard", "/consultations/" + approval, "/consultations/" + answered, "/history",
				"/insights", "/admin/api-keys", "/admin/deliveries")) {
			phone.navigate(path);
			problems.addAll(check(phone, "phone " + path));
		}
		phone.navigate("/dashboard");
		assertThat(phone.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("History"))).isHidden();
		phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu")).click();
		assertThat(phone.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Menu")))
			.hasAttribute("aria-expanded", "true");
		phone.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("History")).click();
		assertThat(phone.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("History");

		assertThat(problems).isEmpty();
		assertThat(this.policyViolations).isEmpty();
	}

	/** axe-core's serious and critical findings, and content wider than the window. */
	private List<String> check(Page page, String name) {
		List<String> problems = new ArrayList<>();
		seriousAccessibilityViolations(page).forEach((violation) -> problems.add(name + ": " + violation));
		Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
		if (((Number) overflow).intValue() > 0) {
			problems.add(name + ": content is " + overflow + " px wider than the window");
		}
		return problems;
	}

}
