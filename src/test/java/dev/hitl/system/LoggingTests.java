package dev.hitl.system;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import dev.hitl.TasklistSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches the log: the request id and trace id on every line of a request, and never
 * an API key, a webhook secret or a password, even with the project's, Spring Security's
 * and Spring MVC's loggers turned up to DEBUG and TRACE.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "logging.level.dev.hitl=trace", "logging.level.org.springframework.security=trace",
				"logging.level.org.springframework.web=debug", "logging.level.org.camunda.bpm.engine.rest=debug",
				"logging.level.org.camunda.bpm.webapp=debug", "logging.level.org.camunda.bpm.engine.identity=debug" })
@AutoConfigureObservability
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class LoggingTests extends ApiTestSupport {

	@Test
	void logLinesOfARequestCarryItsRequestIdAndTraceId(CapturedOutput output) {
		Result result = api().get("/api/v1/consultations", newAgent(), "X-Request-ID", "agent-run-7");
		assertThat(result.header("X-Request-ID")).isEqualTo("agent-run-7");
		assertThat(output.getAll()).containsPattern(Pattern.compile("\\[[0-9a-f]{32},[0-9a-f]{16},agent-run-7\\] "));
	}

	@Test
	void apiKeysWebhookSecretsAndPasswordsNeverReachTheLog(CapturedOutput output) {
		Result created = api().post("/api/v1/api-keys", ADMIN_AUTH, map("name", "log probe", "owner", uniqueId("o")));
		String key = created.json().get("key").asText();
		String webhookSecret = created.json().get("webhook_secret").asText();
		String agent = HttpApi.bearer(key);
		JsonNode consultation = create(agent, map("title", "Log probe", "reviewers",
				reviewers(List.of(), List.of(ADMIN)), "callback_url", "https://agent.example.com/hook"));
		assertThat(api().get("/api/v1/consultations/" + consultation.get("id").asText(), agent).status())
			.isEqualTo(200);
		String unknownKey = "hitl_" + "Zm9yZ2VkLWtleS1mb3ItbG9nLXByb2Jl";
		assertThat(api().get("/api/v1/consultations", HttpApi.bearer(unknownKey)).status()).isEqualTo(401);

		String userId = uniqueId("logrev");
		String reviewerPassword = "pw-" + userId + "-secret";
		String reviewer = newReviewer(userId, "reviewers");
		assertThat(api().get("/api/v1/review/consultations", reviewer).status()).isEqualTo(200);
		String wrongPassword = "Wr0ng-" + userId + "-guess";
		String victim = uniqueId("locked");
		newReviewer(victim);
		assertThat(api().get("/api/v1/review/consultations", HttpApi.basic(victim, wrongPassword)).status())
			.isEqualTo(401);
		assertThat(new TasklistSession(this.port).login(userId, reviewerPassword)).isEqualTo(200);
		api().post("/engine-rest/user/" + userId + "/credentials", reviewer,
				Map.of("password", "N3w-" + userId + "-pass", "authenticatedUserPassword", reviewerPassword));

		String log = output.getAll();
		assertThat(log).contains("/api/v1/consultations");
		for (String secret : List.of(key, key.substring(5), webhookSecret, webhookSecret.substring(6), unknownKey,
				reviewerPassword, wrongPassword, "N3w-" + userId + "-pass", ADMIN_PASSWORD,
				reviewer.substring("Basic ".length()), ADMIN_AUTH.substring("Basic ".length()))) {
			assertThat(log).as("the log must not contain a secret").doesNotContain(secret);
		}
	}

	@Test
	void anApiKeySentAsBasicUserOrInAnyHeaderReachesNeitherTheAuditTrailNorTheLog(CapturedOutput output)
			throws Exception {
		String key = api().post("/api/v1/api-keys", ADMIN_AUTH, map("name", "misplaced", "owner", uniqueId("o")))
			.json()
			.get("key")
			.asText();
		String asUser = "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
		String asUserWithPassword = HttpApi.basic(key, "x");
		for (String path : List.of("/api/v1/consultations", "/api/v1/review/consultations", "/engine-rest/engine",
				"/engine-rest/task", "/camunda/api/engine/engine/default/task", "/actuator/health")) {
			api().get(path, asUser);
			api().get(path, asUserWithPassword);
			api().get(path, "Token " + key);
			api().get(path, key);
			for (String header : List.of("X-Api-Key", "X-Request-ID", "Cookie", "User-Agent", "Idempotency-Key",
					"Referer", "Accept-Language", "Accept", "If-None-Match", "Origin", "Forwarded", "X-Forwarded-For",
					"X-Forwarded-Host", "Content-Type", "traceparent", "X-Auth-Token")) {
				api().get(path, null, header, key);
				api().get(path, ADMIN_AUTH, header, key);
				api().get(path, null, header, "Bearer " + key);
			}
		}
		String form = "username=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&password=";
		api().postForm("/camunda/api/admin/auth/user/default/login/tasklist", form);
		assertThat(new TasklistSession(this.port).login(key, "x")).isIn(401, 403);
		portalSignIn(key, "x");

		List<Map<String, Object>> rows = this.jdbc.queryForList("select * from audit_event");
		assertThat(rows).isNotEmpty();
		String secret = key.substring("hitl_".length());
		assertThat(rows.toString()).as("the audit trail must not hold the key").doesNotContain(secret);
		assertThat(output.getAll()).as("the log must not hold the key").doesNotContain(secret);
	}

	/** Signs in at the portal's form, with its CSRF token, as a browser would. */
	private void portalSignIn(String user, String password) throws Exception {
		java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
			.cookieHandler(new java.net.CookieManager())
			.build();
		String page = browser
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + this.port + "/login"))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
			.body();
		java.util.regex.Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
		assertThat(token.find()).isTrue();
		String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + token.group(1);
		java.net.http.HttpResponse<String> signedIn = browser
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + this.port + "/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
				.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.headers().firstValue("Location").orElse("")).contains("/login?error");
	}

}
