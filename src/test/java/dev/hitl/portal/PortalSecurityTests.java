package dev.hitl.portal;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal's edge over plain HTTP: what needs a session, CSRF on every form, logout,
 * admin-only pages, the security headers, and bad input answered as a page, never a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PortalSecurityTests extends ApiTestSupport {

	@ParameterizedTest
	@ValueSource(strings = { "/", "/dashboard", "/history", "/insights", "/admin/api-keys", "/admin/deliveries",
			"/consultations/00000000-0000-0000-0000-000000000000", "/dashboard/changes?loaded_at=x&updated_after=y" })
	void everyPageButTheLoginSendsAnonymousVisitorsToTheLogin(String path) {
		HttpResponse<String> response = new PortalClient(this.port).get(path);
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
	}

	@Test
	void theLoginPageAndItsAssetsNeedNoSessionAndKeepTheStrictPolicy() {
		PortalClient visitor = new PortalClient(this.port);
		HttpResponse<String> login = visitor.get("/login");
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(login.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(policy) -> assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe" + "-eval"));
		assertThat(login.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain(" on" + "click=");
		for (String asset : List.of("/assets/portal\\-[0-9a-f]+\\.css", "/assets/portal\\-[0-9a-f]+\\.js",
				"/webjars/htmx\\.org/[0-9.]+/dist/htmx\\.min\\.js")) {
			java.util.regex.Matcher found = java.util.regex.Pattern.compile(asset).matcher(login.body());
			assertThat(found.find()).as(asset).isTrue();
			HttpResponse<String> served = visitor.get(found.group());
			assertThat(served.statusCode()).as(found.group()).isEqualTo(200);
			assertThat(served.headers().firstValue("Cache-Control"))
				.hasValueSatisfying((cache) -> assertThat(cache).contains("max-age=31536000"));
		}
	}

	@Test
	void signingInNeedsTheFormsCsrfTokenAndTheRightPassword() {
		String user = uniqueId("rev");
		newReviewer(user);
		PortalClient browser = new PortalClient(this.port);
		browser.get("/login");
		HttpResponse<String> forged = browser.postRaw("/login",
				Map.of("username", user, "password", "pw-" + user + "-secret"));
		assertThat(forged.statusCode()).as(forged.headers().map().toString()).isEqualTo(403);
		// Another account: the engine delays the next sign-in of an account after a
		// failure.
		String unlucky = uniqueId("rev");
		newReviewer(unlucky);
		assertThat(browser.signIn(unlucky, "wrong").headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?error"));
		assertThat(browser.get("/login?error").body()).contains("do not match an account");
		HttpResponse<String> signedIn = browser.signIn(user, "pw-" + user + "-secret");
		assertThat(signedIn.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/dashboard"));
		HttpResponse<String> dashboard = browser.get("/dashboard");
		assertThat(dashboard.statusCode()).isEqualTo(200);
		assertThat(dashboard.body()).contains("Test " + user).contains(user + "@example.com");
		JsonNode audit = api().get("/api/v1/audit-events?actor=" + user + "&action=login.succeeded", ADMIN_AUTH).json();
		assertThat(audit.get("items").get(0).get("channel").asText()).isEqualTo("portal");
	}

	@Test
	void logoutIsAPostWithTheTokenAndEndsTheSession() {
		String user = uniqueId("rev");
		newReviewer(user);
		PortalClient browser = new PortalClient(this.port);
		browser.signIn(user, "pw-" + user + "-secret");
		browser.get("/dashboard");
		String session = browser.sessionCookie();
		assertThat(browser.get("/logout").statusCode()).as("GET does not log out").isNotEqualTo(302);
		assertThat(browser.get("/dashboard").statusCode()).isEqualTo(200);
		assertThat(browser.postRaw("/logout", Map.of()).statusCode()).isEqualTo(403);
		assertThat(browser.get("/dashboard").statusCode()).isEqualTo(200);
		HttpResponse<String> out = browser.post("/logout");
		assertThat(out.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login?logout"));
		assertThat(browser.get("/dashboard").statusCode()).isEqualTo(302);
		HttpResponse<String> replayed = new PortalClient(this.port).get("/dashboard", "Cookie", "SESSION=" + session);
		assertThat(replayed.statusCode()).isEqualTo(302);
	}

	@Test
	void adminPagesAreForCamundaAdminsOnly() {
		String user = uniqueId("rev");
		newReviewer(user);
		PortalClient reviewer = new PortalClient(this.port);
		reviewer.signIn(user, "pw-" + user + "-secret");
		HttpResponse<String> keys = reviewer.get("/admin/api-keys");
		assertThat(keys.statusCode()).isEqualTo(403);
		assertThat(keys.body()).contains("for admins");
		reviewer.get("/dashboard");
		assertThat(reviewer.post("/admin/api-keys", "name", "sneaky", "owner", "me").statusCode()).isEqualTo(403);
		assertThat(api().get("/api/v1/api-keys", ADMIN_AUTH).body()).doesNotContain("sneaky");
		PortalClient admin = new PortalClient(this.port);
		admin.signIn(ADMIN, ADMIN_PASSWORD);
		assertThat(admin.get("/admin/api-keys").statusCode()).isEqualTo(200);
	}

	@Test
	void badInputIsAnsweredWithAPageNeverAnError() {
		String user = uniqueId("rev");
		String group = uniqueId("grp");
		newReviewer(user, group);
		String agent = newAgent();
		JsonNode mine = create(agent, map("title", "Mine", "reviewers", reviewers(List.of(group), List.of())));
		JsonNode notMine = create(agent,
				map("title", "Not mine", "reviewers", reviewers(List.of("others"), List.of())));
		PortalClient browser = new PortalClient(this.port);
		browser.signIn(user, "pw-" + user + "-secret");
		assertThat(browser.get("/dashboard?state=done").statusCode()).isEqualTo(400);
		assertThat(browser.get("/dashboard?page=0").statusCode()).isEqualTo(400);
		assertThat(browser.get("/history?state=pending").statusCode()).isEqualTo(400);
		assertThat(browser.get("/consultations/not-a-uuid").statusCode()).isEqualTo(404);
		assertThat(browser.get("/consultations/" + notMine.get("id").asText()).statusCode()).isEqualTo(404);
		assertThat(
				browser.get("/dashboard/changes?loaded_at=yesterday&updated_after=2026-01-01T00:00:00Z").statusCode())
			.isEqualTo(400);
		browser.get("/consultations/" + mine.get("id").asText());
		HttpResponse<String> wrong = browser.post("/consultations/" + mine.get("id").asText() + "/respond", "decision",
				"maybe");
		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(wrong.body()).contains("decision must be");
		assertThat(browser.post("/consultations/" + notMine.get("id").asText() + "/respond", "decision", "approved")
			.statusCode()).isEqualTo(404);
		assertThat(get(agent, notMine.get("id").asText()).get("state").asText()).isEqualTo("pending");
		assertThat(get(agent, mine.get("id").asText()).get("state").asText()).isEqualTo("pending");
	}

	@Test
	void everyPageRendersOnTheEmbeddedDatabaseAndSearchTakesTextLiterally() {
		String user = uniqueId("rev");
		String group = uniqueId("grp");
		String reviewer = newReviewer(user, group);
		String agent = newAgent();
		String tag = uniqueId("t");
		JsonNode sure = create(agent,
				map("title", tag + " refund 100% sure", "reviewers", reviewers(List.of(group), List.of())));
		create(agent, map("title", tag + " refund 1000 sure", "reviewers", reviewers(List.of(group), List.of())));
		JsonNode answered = create(agent,
				map("title", tag + " answered", "reviewers", reviewers(List.of(group), List.of())));
		assertThat(api()
			.post("/api/v1/consultations/" + answered.get("id").asText() + "/respond", reviewer,
					map("decision", "rejected", "comment", "no"))
			.status()).isEqualTo(200);
		PortalClient browser = new PortalClient(this.port);
		browser.signIn(user, "pw-" + user + "-secret");
		HttpResponse<String> all = browser.get("/dashboard");
		assertThat(all.body()).contains("2 consultations").contains(tag + " refund 100% sure");
		HttpResponse<String> literal = browser.get("/dashboard?q=" + tag + "+refund+100%25");
		assertThat(literal.body()).contains("1 consultation</span><span> matches the filters")
			.contains(sure.get("id").asText());
		assertThat(browser.get("/dashboard?q=refund_1").body())
			.contains("0 consultations</span><span> match the filters");
		HttpResponse<String> fragment = browser.get("/dashboard?priority=normal", "HX-Request", "true");
		assertThat(fragment.body()).startsWith("<section id=\"results\"").doesNotContain("<html");
		assertThat(browser.get("/history?state=responded").body()).contains(tag + " answered")
			.contains("Rejected")
			.contains("API");
		assertThat(browser.get("/insights").body()).contains("Open load per reviewer").contains("<svg");
		assertThat(browser.get("/consultations/" + answered.get("id").asText()).body()).contains("Answered by")
			.contains(user);
		HttpResponse<String> unchanged = browser.get("/dashboard/changes?loaded_at=2100-01-01T00:00:00Z"
				+ "&updated_after=2100-01-01T00:00:00Z&shown=" + sure.get("id").asText());
		assertThat(unchanged.statusCode()).isEqualTo(204);
	}

	@Test
	void anHtmxRequestWithoutSessionIsSentToTheLoginAsAWholePage() {
		HttpResponse<String> poll = new PortalClient(this.port).get(
				"/dashboard/changes?loaded_at=2026-01-01T00:00:00Z&updated_after=2026-01-01T00:00:00Z", "HX-Request",
				"true");
		assertThat(poll.statusCode()).isEqualTo(401);
		assertThat(poll.headers().firstValue("HX-Redirect")).contains("/login");
	}

	@Test
	void theApiStaysStatelessBesideThePortal() {
		assertThat(api().get("/api/v1/consultations", null).status()).isEqualTo(401);
		HttpApi.Result review = api().get("/api/v1/review/consultations", ADMIN_AUTH);
		assertThat(review.status()).isEqualTo(200);
		assertThat(review.header("Set-Cookie")).isNull();
	}

}
