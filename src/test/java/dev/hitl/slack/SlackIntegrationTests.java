package dev.hitl.slack;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hitl.HttpApi;
import dev.hitl.PostgresIntegrationTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Slack channel end to end on PostgreSQL, with this node's external task workers: the
 * process's sendSlack task sends the message, a signed click answers, its replay is
 * refused, and the message is updated once the consultation has ended.
 * <p>
 * Other contexts of the same test JVM, with Slack off, neither create sendSlack tasks nor
 * fetch them, so this context's worker is the one that sends.
 */
class SlackIntegrationTests extends PostgresIntegrationTestSupport {

	private static final String SECRET = "slack-it-signing-secret";

	private static final WireMockServer slack = new WireMockServer(options().dynamicPort());

	static {
		slack.start();
	}

	@DynamicPropertySource
	static void slackSettings(DynamicPropertyRegistry registry) {
		registry.add("hitl.slack.bot-token", () -> "xoxb-it-token");
		registry.add("hitl.slack.signing-secret", () -> SECRET);
		registry.add("hitl.slack.api-url", () -> slack.baseUrl() + "/api/");
	}

	@AfterAll
	static void stopSlack() {
		slack.stop();
	}

	@Test
	void reviewerAnswersInSlackAndTheMessageShowsTheEnd() {
		String group = uniqueId("team");
		String rita = uniqueId("rev");
		newReviewer(rita, group);
		String email = rita + "@example.com";
		slack.stubFor(post(urlEqualTo("/api/users.lookupByEmail"))
			.withRequestBody(containing("email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)))
			.willReturn(okJson("{\"ok\":true,\"user\":{\"id\":\"U" + rita + "\"}}")));
		slack.stubFor(post(urlEqualTo("/api/users.info")).withRequestBody(containing("user=U" + rita))
			.willReturn(okJson(
					"{\"ok\":true,\"user\":{\"id\":\"U" + rita + "\",\"profile\":{\"email\":\"" + email + "\"}}}")));
		slack.stubFor(post(urlEqualTo("/api/conversations.open"))
			.willReturn(okJson("{\"ok\":true,\"channel\":{\"id\":\"D0IT\"}}")));
		slack.stubFor(post(urlEqualTo("/api/chat.postMessage"))
			.willReturn(okJson("{\"ok\":true,\"channel\":\"D0IT\",\"ts\":\"1700000000.000900\"}")));
		slack.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(okJson("{\"ok\":true}")));
		String agent = newAgent();
		String id = create(agent, map("title", "Ship release 7?", "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();

		await().atMost(Duration.ofSeconds(30))
			.until(() -> requests("/api/chat.postMessage").stream().anyMatch((body) -> body.contains(id)));
		String click = "payload=" + URLEncoder.encode(
				"{\"type\":\"block_actions\",\"user\":{\"id\":\"U" + rita
						+ "\"},\"channel\":{\"id\":\"D0IT\"},\"trigger_id\":\"t\",\"actions\":[{\"type\":\"button\","
						+ "\"action_id\":\"hitl_answer_approve\",\"value\":\"" + id + "|approved\"}]}",
				StandardCharsets.UTF_8);
		String now = Long.toString(Instant.now().getEpochSecond());
		String signature = new SlackSignatures(SECRET).sign(now, click.getBytes(StandardCharsets.UTF_8));
		HttpApi.Result clicked = api().postForm("/slack/interactions", click, "X-Slack-Request-Timestamp", now,
				"X-Slack-Signature", signature);
		assertThat(clicked.status()).as(clicked.toString()).isEqualTo(200);
		assertThat(api()
			.postForm("/slack/interactions", click, "X-Slack-Request-Timestamp", now, "X-Slack-Signature", signature)
			.status()).as("replay").isEqualTo(401);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			var response = get(agent, id).get("response");
			assertThat(response.path("channel").asText()).isEqualTo("slack");
			assertThat(response.path("responded_by").asText()).isEqualTo(rita);
		});
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(requests("/api/chat.update")).filteredOn((body) -> body.contains(id))
				.singleElement()
				.satisfies((body) -> assertThat(body).contains("ts=1700000000.000900")
					.contains("Ended: approved by " + rita + " (via slack)")));
		assertThat(this.jdbc.queryForObject(
				"select count(*) from slack_message where consultation_id = cast(? as uuid) and updated_at is not null",
				Integer.class, id))
			.isEqualTo(1);
	}

	private static List<String> requests(String path) {
		return slack.findAll(postRequestedFor(urlEqualTo(path)))
			.stream()
			.map(LoggedRequest::getBodyAsString)
			.map((body) -> URLDecoder.decode(body, StandardCharsets.UTF_8))
			.toList();
	}

}
