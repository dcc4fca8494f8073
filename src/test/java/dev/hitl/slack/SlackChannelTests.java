package dev.hitl.slack;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi;
import dev.hitl.delivery.ConsultationSnapshots;
import dev.hitl.workflow.TopicWorker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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
 * The Slack channel against a WireMock standing in for Slack's Web API: the requests the
 * service makes are asserted as Slack receives them, and interactions are signed and
 * form-encoded as Slack sends them. The sendSlack task is worked by the worker bean (this
 * test context runs no external task client).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SlackChannelTests extends ApiTestSupport {

	private static final String TOKEN = "xoxb-test-token";

	private static final String SECRET = "slack-test-signing-secret";

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final WireMockServer slack = new WireMockServer(options().dynamicPort());

	static {
		slack.start();
	}

	@DynamicPropertySource
	static void slackSettings(DynamicPropertyRegistry registry) {
		registry.add("hitl.slack.bot-token", () -> TOKEN);
		registry.add("hitl.slack.signing-secret", () -> SECRET);
		registry.add("hitl.slack.api-url", () -> slack.baseUrl() + "/api");
	}

	@AfterAll
	static void stopSlack() {
		slack.stop();
	}

	@Autowired
	private SlackWorker worker;

	@Autowired
	private ConsultationSnapshots snapshots;

	@BeforeEach
	void stubSlack() {
		slack.resetAll();
		slack.stubFor(post(urlEqualTo("/api/users.lookupByEmail")).atPriority(10)
			.willReturn(okJson("{\"ok\":false,\"error\":\"users_not_found\"}")));
		slack.stubFor(post(urlEqualTo("/api/users.info")).atPriority(10)
			.willReturn(okJson("{\"ok\":false,\"error\":\"user_not_found\"}")));
		slack.stubFor(post(urlEqualTo("/api/conversations.open"))
			.willReturn(okJson("{\"ok\":true,\"channel\":{\"id\":\"D0REVIEW\"}}")));
		slack.stubFor(post(urlEqualTo("/api/chat.postMessage"))
			.willReturn(okJson("{\"ok\":true,\"channel\":\"D0REVIEW\",\"ts\":\"1700000000.000100\"}")));
		slack.stubFor(post(urlEqualTo("/api/chat.update")).willReturn(okJson("{\"ok\":true}")));
		slack.stubFor(post(urlEqualTo("/api/chat.postEphemeral"))
			.willReturn(okJson("{\"ok\":true,\"message_ts\":\"1700000000.000200\"}")));
		slack.stubFor(post(urlEqualTo("/api/views.open")).willReturn(okJson("{\"ok\":true}")));
	}

	@Test
	void approveClickAnswersThroughSlackAndEveryMessageShowsTheEnd() {
		Setup setup = setup(map());
		String unknown = uniqueId("nob");
		newReviewer(unknown, setup.group());
		knownToSlack(setup.reviewers().get(0), setup.reviewers().get(1));

		sendMessages(setup.id());

		List<LoggedRequest> lookups = slack.findAll(postRequestedFor(urlEqualTo("/api/users.lookupByEmail")));
		assertThat(lookups).extracting((request) -> form(request).get("email"))
			.contains(setup.reviewers().get(0) + "@example.com", setup.reviewers().get(1) + "@example.com",
					unknown + "@example.com");
		assertThat(lookups)
			.allSatisfy((request) -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN));
		List<Map<String, String>> posts = posted(setup.id());
		assertThat(posts).as("one message per reviewer Slack knows").hasSize(2);
		JsonNode blocks = json(posts.get(0).get("blocks"));
		assertThat(blocks.toString()).contains("Refund order 1042?")
			.contains("Priority: high")
			.contains("Deadline")
			.contains("/consultations/" + setup.id());
		JsonNode buttons = blocks.get(1).get("elements");
		assertThat(buttons).extracting((button) -> button.get("value").asText())
			.containsExactly(setup.id() + "|approved", setup.id() + "|rejected");

		// A retried task sends nothing twice.
		sendMessages(setup.id());
		assertThat(posted(setup.id())).hasSize(2);

		String rita = setup.reviewers().get(0);
		HttpApi.Result clicked = interact(click(rita, "hitl_answer_approve", setup.id() + "|approved"));
		assertThat(clicked.status()).as(clicked.toString()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode response = get(setup.agent(), setup.id()).get("response");
			assertThat(response.path("decision").asText()).isEqualTo("approved");
			assertThat(response.path("channel").asText()).isEqualTo("slack");
			assertThat(response.path("responded_by").asText()).isEqualTo(rita);
		});
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			List<Map<String, String>> updates = slack.findAll(postRequestedFor(urlEqualTo("/api/chat.update")))
				.stream()
				.map(SlackChannelTests::form)
				.filter((update) -> update.get("blocks").contains(setup.id()))
				.toList();
			assertThat(updates).hasSize(2).allSatisfy((update) -> {
				assertThat(update).containsEntry("channel", "D0REVIEW").containsEntry("ts", "1700000000.000100");
				assertThat(update.get("text")).isEqualTo("Ended: approved by " + rita + " (via slack)");
				assertThat(update.get("blocks")).doesNotContain("\"actions\"");
			});
		});
	}

	@Test
	void rateLimitedSendRetriesAfterSlacksRetryAfterAndSendsNothingTwice() {
		Setup setup = setup(map());
		knownToSlack(setup.reviewers().get(0), setup.reviewers().get(1));
		// The first message goes out, then Slack rate limits the second.
		slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).inScenario("limit")
			.whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
			.willReturn(okJson("{\"ok\":true,\"channel\":\"D0REVIEW\",\"ts\":\"1700000000.000100\"}"))
			.willSetStateTo("limited"));
		slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).inScenario("limit")
			.whenScenarioStateIs("limited")
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
			.willSetStateTo("open"));
		slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).inScenario("limit")
			.whenScenarioStateIs("open")
			.willReturn(okJson("{\"ok\":true,\"channel\":\"D0REVIEW\",\"ts\":\"1700000000.000300\"}")));
		ConsultationSnapshots.Snapshot snapshot = this.snapshots.find(setup.id()).orElseThrow();

		TopicWorker.WorkResult limited = this.worker.work(new TopicWorker.WorkItem(UUID.randomUUID().toString(),
				snapshot.processInstanceId(), setup.id(), Map.of("consultationId", setup.id()), null));

		assertThat(limited).isInstanceOfSatisfying(TopicWorker.WorkResult.Retry.class, (retry) -> {
			assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(7));
			assertThat(retry.error()).isEqualTo("Slack answered HTTP 429");
		});
		sendMessages(setup.id());
		assertThat(slack.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage")))).hasSize(3);
		assertThat(this.jdbc.queryForList("select ts from slack_message where consultation_id = ?", String.class,
				UUID.fromString(setup.id())))
			.containsExactlyInAnyOrder("1700000000.000100", "1700000000.000300");
	}

	@Test
	void badOrStaleSignaturesAreRefusedAndChangeNothing() {
		Setup setup = setup(map());
		knownToSlack(setup.reviewers().get(0));
		String body = click(setup.reviewers().get(0), "hitl_answer_approve", setup.id() + "|approved");
		String now = Long.toString(Instant.now().getEpochSecond());

		HttpApi.Result forged = api().postForm("/slack/interactions", body, "X-Slack-Request-Timestamp", now,
				"X-Slack-Signature", new SlackSignatures("another-secret").sign(now, bytes(body)));
		assertThat(forged.status()).isEqualTo(401);
		assertThat(forged.contentType()).startsWith("application/problem+json");
		HttpApi.Result unsigned = api().postForm("/slack/interactions", body);
		assertThat(unsigned.status()).isEqualTo(401);
		String stale = Long.toString(Instant.now().minusSeconds(301).getEpochSecond());
		HttpApi.Result late = api().postForm("/slack/interactions", body, "X-Slack-Request-Timestamp", stale,
				"X-Slack-Signature", new SlackSignatures(SECRET).sign(stale, bytes(body)));
		assertThat(late.status()).isEqualTo(401);
		HttpApi.Result garbage = signed("payload=%7Bnot-json");
		assertThat(garbage.status()).isEqualTo(400);
		assertThat(garbage.contentType()).startsWith("application/problem+json");
		HttpApi.Result oversized = signed("payload=" + "x".repeat(300 * 1024));
		assertThat(oversized.status()).as("the usual body limit").isEqualTo(413);

		assertThat(get(setup.agent(), setup.id()).get("state").asText()).isEqualTo("pending");
		assertThat(slack.findAll(postRequestedFor(urlEqualTo("/api/users.info")))).isEmpty();
	}

	@Test
	void replayedInteractionIsRefused() {
		Setup setup = setup(map());
		String stranger = uniqueId("str");
		String body = click(stranger, "hitl_answer_approve", setup.id() + "|approved");
		String now = Long.toString(Instant.now().getEpochSecond());
		String signature = new SlackSignatures(SECRET).sign(now, bytes(body));
		assertThat(api()
			.postForm("/slack/interactions", body, "X-Slack-Request-Timestamp", now, "X-Slack-Signature", signature)
			.status()).isEqualTo(200);
		HttpApi.Result replay = api().postForm("/slack/interactions", body, "X-Slack-Request-Timestamp", now,
				"X-Slack-Signature", signature);
		assertThat(replay.status()).isEqualTo(401);
		await().atMost(Duration.ofSeconds(10)).until(() -> ephemerals(stranger).size() == 1);
		assertThat(ephemerals(stranger)).hasSize(1);
	}

	@Test
	void clickOfSomeoneWithoutAnAccountIsAnsweredPrivately() {
		Setup setup = setup(map());
		String stranger = uniqueId("str");
		slack.stubFor(post(urlEqualTo("/api/users.info")).withRequestBody(containing("user=U" + stranger))
			.willReturn(okJson("{\"ok\":true,\"user\":{\"id\":\"U" + stranger + "\",\"profile\":{\"email\":\""
					+ stranger + "@elsewhere.example\"}}}")));
		assertThat(interact(click(stranger, "hitl_answer_approve", setup.id() + "|approved")).status()).isEqualTo(200);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(ephemerals(stranger)).singleElement()
				.satisfies((message) -> assertThat(message.get("text")).isEqualTo(SlackInteractions.NO_ACCOUNT)));
		assertThat(get(setup.agent(), setup.id()).get("state").asText()).isEqualTo("pending");
	}

	@Test
	void clickOfAnAccountThatIsNoReviewerOrTheRequesterIsAnsweredPrivately() {
		String requester = uniqueId("req");
		Setup setup = setup(map());
		newReviewer(requester, setup.group());
		Setup requested = setup(map("requested_by", requester));
		String outsider = uniqueId("out");
		newReviewer(outsider);
		knownToSlack(outsider, requester);

		interact(click(outsider, "hitl_answer_approve", setup.id() + "|approved"));
		interact(click(requester, "hitl_answer_reject", requested.id() + "|rejected"));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(ephemerals(outsider)).singleElement()
				.satisfies((message) -> assertThat(message.get("text")).contains("not a reviewer"));
			assertThat(ephemerals(requester)).singleElement()
				.satisfies((message) -> assertThat(message.get("text")).contains("requested for you"));
		});
		assertThat(get(setup.agent(), setup.id()).get("state").asText()).isEqualTo("pending");
		assertThat(get(requested.agent(), requested.id()).get("state").asText()).isEqualTo("pending");
	}

	@Test
	void lateClickAfterTheEndIsAnsweredPrivately() {
		Setup setup = setup(map());
		String rita = setup.reviewers().get(0);
		knownToSlack(rita);
		sendMessages(setup.id());
		assertThat(api().post("/api/v1/consultations/" + setup.id() + "/cancel", setup.agent(), map()).status())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(slack.findAll(postRequestedFor(urlEqualTo("/api/chat.update")))
				.stream()
				.map(SlackChannelTests::form)
				.filter((update) -> update.get("blocks").contains(setup.id()))).singleElement()
				.satisfies((update) -> assertThat(update.get("text")).isEqualTo("Ended: cancelled")));

		interact(click(rita, "hitl_answer_approve", setup.id() + "|approved"));

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(ephemerals(rita)).singleElement()
				.satisfies((message) -> assertThat(message.get("text")).contains("already cancelled")));
		assertThat(get(setup.agent(), setup.id()).get("state").asText()).isEqualTo("cancelled");
	}

	@Test
	void textAnswerOpensAModalWhoseSubmissionAnswers() {
		Setup setup = setup(map("response_type", "text"));
		String rita = setup.reviewers().get(0);
		knownToSlack(rita);
		sendMessages(setup.id());
		JsonNode button = json(posted(setup.id()).get(0).get("blocks")).get(1).get("elements").get(0);
		assertThat(button.get("action_id").asText()).isEqualTo(SlackBlocks.TEXT_ACTION);

		interact(click(rita, SlackBlocks.TEXT_ACTION, button.get("value").asText()));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !slack.findAll(postRequestedFor(urlEqualTo("/api/views.open"))).isEmpty());
		Map<String, String> opened = form(slack.findAll(postRequestedFor(urlEqualTo("/api/views.open"))).get(0));
		assertThat(opened).containsEntry("trigger_id", "trigger-1");
		JsonNode view = json(opened.get("view"));
		assertThat(view.get("private_metadata").asText()).isEqualTo(setup.id() + "|D0REVIEW");

		Map<String, Object> submission = map("type", "view_submission", "user", map("id", "U" + rita), "view", map(
				"callback_id", SlackBlocks.MODAL, "private_metadata", view.get("private_metadata").asText(), "state",
				map("values", map("answer",
						map("text", map("type", "plain_text_input", "value", "The address is 1 Main Street"))))));
		assertThat(interact(payload(submission)).status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode response = get(setup.agent(), setup.id()).get("response");
			assertThat(response.path("text").asText()).isEqualTo("The address is 1 Main Street");
			assertThat(response.path("channel").asText()).isEqualTo("slack");
			assertThat(response.path("responded_by").asText()).isEqualTo(rita);
		});
	}

	private Setup setup(Map<String, Object> extra) {
		String group = uniqueId("team");
		List<String> people = List.of(uniqueId("rev"), uniqueId("rev"));
		people.forEach((person) -> newReviewer(person, group));
		String agent = newAgent();
		Map<String, Object> body = new HashMap<>(map("title", "Refund order 1042?", "priority", "high", "reviewers",
				reviewers(List.of(group), List.of())));
		body.putAll(extra);
		return new Setup(create(agent, body).get("id").asText(), group, people, agent);
	}

	private void sendMessages(String consultationId) {
		ConsultationSnapshots.Snapshot snapshot = this.snapshots.find(consultationId).orElseThrow();
		TopicWorker.WorkResult result = this.worker.work(new TopicWorker.WorkItem(UUID.randomUUID().toString(),
				snapshot.processInstanceId(), consultationId, Map.of("consultationId", consultationId), null));
		assertThat(result).isInstanceOf(TopicWorker.WorkResult.Completed.class);
	}

	/** Slack knows these engine users by their email, as Slack user {@code U<id>}. */
	private static void knownToSlack(String... userIds) {
		for (String userId : userIds) {
			String email = userId + "@example.com";
			slack.stubFor(post(urlEqualTo("/api/users.lookupByEmail"))
				.withRequestBody(containing("email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)))
				.willReturn(okJson("{\"ok\":true,\"user\":{\"id\":\"U" + userId + "\"}}")));
			slack.stubFor(post(urlEqualTo("/api/users.info")).withRequestBody(containing("user=U" + userId))
				.willReturn(okJson("{\"ok\":true,\"user\":{\"id\":\"U" + userId + "\",\"profile\":{\"email\":\"" + email
						+ "\"}}}")));
		}
	}

	private static List<Map<String, String>> posted(String consultationId) {
		return slack.findAll(postRequestedFor(urlEqualTo("/api/chat.postMessage")))
			.stream()
			.map(SlackChannelTests::form)
			.filter((message) -> message.get("blocks").contains(consultationId))
			.toList();
	}

	private static List<Map<String, String>> ephemerals(String userId) {
		return slack.findAll(postRequestedFor(urlEqualTo("/api/chat.postEphemeral")))
			.stream()
			.map(SlackChannelTests::form)
			.filter((message) -> ("U" + userId).equals(message.get("user")))
			.toList();
	}

	/** A button click in the DM, as Slack posts it. */
	private static String click(String userId, String actionId, String value) {
		return payload(map("type", "block_actions", "user", map("id", "U" + userId, "username", userId), "channel",
				map("id", "D0REVIEW"), "trigger_id", "trigger-1", "response_url", "https://hooks.slack.com/actions/x",
				"actions", List.of(map("type", "button", "action_id", actionId, "block_id", "hitl_answers", "value",
						value, "action_ts", "1700000001.000000"))));
	}

	private static String payload(Map<String, Object> payload) {
		try {
			return "payload=" + URLEncoder.encode(JSON.writeValueAsString(payload), StandardCharsets.UTF_8);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpApi.Result interact(String body) {
		HttpApi.Result result = signed(body);
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		return result;
	}

	private HttpApi.Result signed(String body) {
		String now = Long.toString(Instant.now().getEpochSecond());
		return api().postForm("/slack/interactions", body, "X-Slack-Request-Timestamp", now, "X-Slack-Signature",
				new SlackSignatures(SECRET).sign(now, bytes(body)));
	}

	private static byte[] bytes(String body) {
		return body.getBytes(StandardCharsets.UTF_8);
	}

	private static Map<String, String> form(LoggedRequest request) {
		Map<String, String> fields = new HashMap<>();
		for (String field : request.getBodyAsString().split("&")) {
			int equals = field.indexOf('=');
			if (equals > 0) {
				fields.put(URLDecoder.decode(field.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(field.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return fields;
	}

	private static JsonNode json(String text) {
		try {
			return JSON.readTree(text);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Setup(String id, String group, List<String> reviewers, String agent) {
	}

}
