package dev.hitl.security;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hitl.ApiTestSupport;
import dev.hitl.TasklistSession;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session does not keep rights its account lost: an admin taken out of
 * {@code camunda-admin} loses the portal's admin pages, and Cockpit and Admin in the
 * webapps, within the re-check interval (a minute by default, a second here), without
 * signing out; a deleted account's portal session ends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "hitl.session.account-check=PT1S", "camunda.bpm.webapp.auth.cache.time-to-live=1000" })
@ActiveProfiles("test")
class SessionAccountCheckTests extends ApiTestSupport {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@Test
	void aRemovedAdminLosesAdminRightsInTheOpenSessionsWithinTheInterval() throws Exception {
		String userId = uniqueId("boss");
		newReviewer(userId, "reviewers", "camunda-admin");
		Portal portal = new Portal(userId);
		TasklistSession webapps = new TasklistSession(this.port);
		assertThat(webapps.login(userId, "pw-" + userId + "-secret")).isEqualTo(200);
		assertThat(portal.status("/admin/api-keys")).isEqualTo(200);
		assertThat(authorizedApps(webapps)).contains("cockpit", "admin");

		assertThat(api().delete("/engine-rest/group/camunda-admin/members/" + userId, ADMIN_AUTH).status())
			.isEqualTo(204);

		await().atMost(Duration.ofSeconds(15)).until(() -> portal.status("/admin/api-keys") == 403);
		assertThat(portal.status("/dashboard")).as("still a reviewer, still signed in").isEqualTo(200);
		await().atMost(Duration.ofSeconds(15)).until(() -> !authorizedApps(webapps).contains("cockpit"));
	}

	@Test
	void aDeletedAccountsPortalSessionEnds() throws Exception {
		String userId = uniqueId("gone");
		newReviewer(userId, "reviewers");
		Portal portal = new Portal(userId);
		assertThat(portal.status("/dashboard")).isEqualTo(200);
		// As another node would leave it: the account gone, no event on this node.
		this.jdbc.update("delete from act_id_membership where user_id_ = ?", userId);
		this.jdbc.update("delete from act_id_user where id_ = ?", userId);
		await().atMost(Duration.ofSeconds(15)).until(() -> portal.status("/dashboard") == 302);
	}

	private static String authorizedApps(TasklistSession webapps) {
		return webapps.adminGet("/auth/user/default").toString();
	}

	/** A browser signed in to the portal. */
	private final class Portal {

		private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

		Portal(String userId) throws Exception {
			String page = get("/login").body();
			Matcher token = CSRF.matcher(page);
			assertThat(token.find()).isTrue();
			String form = "username=" + userId + "&password="
					+ URLEncoder.encode("pw-" + userId + "-secret", StandardCharsets.UTF_8) + "&_csrf="
					+ URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
			HttpResponse<String> signedIn = this.browser.send(HttpRequest.newBuilder(uri("/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(signedIn.headers().map()).as("signed in").containsKey("location");
			assertThat(signedIn.headers().firstValue("location").orElse("")).doesNotContain("error");
		}

		int status(String path) throws Exception {
			return get(path).statusCode();
		}

		private HttpResponse<String> get(String path) throws Exception {
			return this.browser.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
		}

		private URI uri(String path) {
			return URI.create("http://localhost:" + SessionAccountCheckTests.this.port + path);
		}

	}

}
