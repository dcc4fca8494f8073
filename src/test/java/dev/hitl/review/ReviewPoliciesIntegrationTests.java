package dev.hitl.review;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.hitl.ApplicationNode;
import dev.hitl.ReviewTestSupport;
import dev.hitl.TestMailServer;
import dev.hitl.delivery.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The review policies end to end on PostgreSQL, with the job executor firing real PT5S
 * timers, real webhook receivers and GreenMail. Each scenario runs 20 consultations and
 * prints, for the figures, how long after its due moment each policy's webhook or
 * email arrived (p50 and worst).
 */
class ReviewPoliciesIntegrationTests extends ReviewTestSupport {

	private static final int RUNS = 20;

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void timeoutsThatDecideDeliverTheDefaultAsTheTimeoutsDecision() throws Exception {
		AgentKey agent = newAgentKey("owner-" + uniqueId("decide"));
		List<Created> created = new ArrayList<>();
		for (int i = 0; i < RUNS; i++) {
			created.add(create(agent, "Decide " + i,
					map("timeout", "PT5S", "on_timeout", map("action", "decide", "decision", "rejected"))));
		}
		List<Long> lateness = new ArrayList<>();
		for (Created c : created) {
			JsonNode webhook = webhook(agent, c.path(), "consultation.timed_out");
			JsonNode response = webhook.get("data").get("response");
			assertThat(webhook.get("data").get("state").asText()).isEqualTo("timed_out");
			assertThat(response.get("decision").asText()).isEqualTo("rejected");
			assertThat(response.get("decided_by").asText()).isEqualTo("timeout");
			assertThat(response.get("responded_by").isNull()).isTrue();
			assertThat(response.get("channel").isNull()).isTrue();
			lateness.add(Duration.between(c.expiresAt(), arrival(c.path(), "consultation.timed_out")).toMillis());
		}
		figure("on_timeout decide: due -> consultation.timed_out webhook", lateness);
	}

	@Test
	void escalationsTellTheAgentAndAreThenAnsweredOrDecidedAtTheSecondDeadline() throws Exception {
		AgentKey agent = newAgentKey("owner-" + uniqueId("escalate"));
		String lead = uniqueId("lead");
		String leadAuth = newReviewer(lead);
		List<Created> created = new ArrayList<>();
		for (int i = 0; i < RUNS; i++) {
			created.add(create(agent, "Escalate " + i,
					map("timeout", "PT5S", "reviewers", reviewers(List.of(uniqueId("team")), List.of()), "on_timeout",
							map("action", "escalate", "reviewers", reviewers(List.of(), List.of(lead)), "timeout",
									"PT5S", "decision", "rejected"))));
		}
		List<Long> escalation = new ArrayList<>();
		List<Long> finalDefault = new ArrayList<>();
		for (int i = 0; i < created.size(); i++) {
			Created c = created.get(i);
			JsonNode webhook = webhook(agent, c.path(), "consultation.escalated");
			assertThat(webhook.get("data").get("state").asText()).isEqualTo("pending");
			assertThat(webhook.get("data").get("escalated_at").isNull()).isFalse();
			assertThat(webhook.get("data").get("reviewers").get("users")).extracting(JsonNode::asText).contains(lead);
			escalation.add(Duration.between(c.expiresAt(), arrival(c.path(), "consultation.escalated")).toMillis());
			if (i % 2 == 0) {
				var answered = api().post("/api/v1/consultations/" + c.id() + "/respond", leadAuth,
						map("decision", "approved"));
				assertThat(answered.status()).as(answered.toString()).isIn(200, 409);
			}
		}
		for (int i = 0; i < created.size(); i++) {
			Created c = created.get(i);
			JsonNode escalated = webhook(agent, c.path(), "consultation.escalated");
			Instant secondDeadline = Instant.parse(escalated.get("data").get("expires_at").asText());
			JsonNode end = await().atMost(Duration.ofSeconds(90))
				.until(() -> terminal(agent, c.path()), (found) -> found != null);
			JsonNode response = end.get("data").get("response");
			if ("consultation.responded".equals(end.get("type").asText())) {
				assertThat(response.get("responded_by").asText()).isEqualTo(lead);
				assertThat(response.get("decided_by").asText()).isEqualTo("reviewer");
			}
			else {
				assertThat(end.get("type").asText()).isEqualTo("consultation.timed_out");
				assertThat(response.get("decision").asText()).isEqualTo("rejected");
				assertThat(response.get("decided_by").asText()).isEqualTo("timeout");
				finalDefault
					.add(Duration.between(secondDeadline, arrival(c.path(), "consultation.timed_out")).toMillis());
			}
		}
		figure("on_timeout escalate: due -> consultation.escalated webhook", escalation);
		if (!finalDefault.isEmpty()) {
			figure("escalated stage's deadline -> consultation.timed_out webhook (final default)", finalDefault);
		}
	}

	@Test
	void remindersReachTheReviewersWhilePendingAndNotAfterTheAnswer() throws Exception {
		AgentKey agent = newAgentKey("owner-" + uniqueId("remind"));
		String reviewer = uniqueId("rev");
		String reviewerAuth = newReviewer(reviewer);
		String address = reviewer + "@example.com";
		Map<String, Created> byTitle = new ConcurrentHashMap<>();
		for (int i = 0; i < RUNS; i++) {
			Created c = create(agent, "Remind " + uniqueId("r"), map("timeout", "PT2M", "reminders", List.of("PT5S"),
					"reviewers", reviewers(List.of(), List.of(reviewer))));
			byTitle.put(c.title(), c);
		}
		Created answered = create(agent, "Answered " + uniqueId("r"), map("timeout", "PT2M", "reminders",
				List.of("PT5S"), "reviewers", reviewers(List.of(), List.of(reviewer))));
		assertThat(api()
			.post("/api/v1/consultations/" + answered.id() + "/respond", reviewerAuth, map("decision", "approved"))
			.status()).isEqualTo(200);

		Map<String, Instant> seen = new ConcurrentHashMap<>();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
			for (MimeMessage message : TestMailServer.receivedBy(address)) {
				String subject = message.getSubject();
				if (subject.startsWith("Reminder")) {
					byTitle.keySet()
						.stream()
						.filter(subject::endsWith)
						.findFirst()
						.ifPresent((title) -> seen.putIfAbsent(title, Instant.now()));
				}
			}
			return seen.size() == RUNS;
		});
		List<Long> lateness = new ArrayList<>();
		seen.forEach((title, at) -> lateness
			.add(Duration.between(byTitle.get(title).createdAt().plusSeconds(5), at).toMillis()));
		figure("reminders: due -> consultation-reminder email in GreenMail", lateness);
		assertThat(TestMailServer.receivedBy(address))
			.as("no reminder for the consultation answered before its reminder was due")
			.noneMatch((message) -> subject(message).equals("Reminder, still waiting for you: " + answered.title()));
	}

	@Test
	void twoApprovalsByDistinctReviewersAcrossTwoNodes() throws Exception {
		AgentKey agent = newAgentKey("owner-" + uniqueId("two"));
		String group = uniqueId("team");
		String first = uniqueId("rev");
		String second = uniqueId("rev");
		String firstAuth = newReviewer(first, group);
		String secondAuth = newReviewer(second, group);
		Created c = create(agent, "Two keys",
				map("approvals_required", 2, "reviewers", reviewers(List.of(group), List.of())));
		try (ApplicationNode other = ApplicationNode.start("two-approvals-node",
				"--hitl.webhook.allow-private-networks=true")) {
			assertThat(
					api().post("/api/v1/consultations/" + c.id() + "/respond", firstAuth, map("decision", "approved"))
						.status())
				.isEqualTo(200);
			var twice = other.api()
				.post("/api/v1/consultations/" + c.id() + "/respond", firstAuth, map("decision", "approved"));
			assertProblem(twice, 409);
			JsonNode pending = get(agent.authorization(), c.id());
			assertThat(pending.get("state").asText()).isEqualTo("pending");
			assertThat(pending.get("response").get("approvals")).hasSize(1);
			assertThat(other.api()
				.post("/api/v1/consultations/" + c.id() + "/respond", secondAuth, map("decision", "approved"))
				.status()).isEqualTo(200);
		}
		JsonNode webhook = webhook(agent, c.path(), "consultation.responded");
		assertThat(webhook.get("data").get("response").get("approvals"))
			.extracting((approval) -> approval.get("user").asText())
			.containsExactly(first, second);
		assertThat(webhook.get("data").get("response").get("decision").asText()).isEqualTo("approved");
	}

	private Created create(AgentKey agent, String title, Map<String, Object> policy) {
		String path = "/policies/" + uniqueId("c");
		Map<String, Object> body = new java.util.HashMap<>(policy);
		body.put("title", title);
		body.put("callback_url", receiver.url(path));
		JsonNode created = create(agent.authorization(), body);
		return new Created(created.get("id").asText(), title, path, Instant.parse(created.get("created_at").asText()),
				Instant.parse(created.get("expires_at").asText()));
	}

	/** The signed webhook of this type, verified with the Standard Webhooks library. */
	private static JsonNode webhook(AgentKey agent, String path, String type) {
		return await().atMost(Duration.ofSeconds(90)).until(() -> find(agent, path, type), (found) -> found != null);
	}

	private static JsonNode terminal(AgentKey agent, String path) throws Exception {
		JsonNode responded = find(agent, path, "consultation.responded");
		return (responded != null) ? responded : find(agent, path, "consultation.timed_out");
	}

	private static JsonNode find(AgentKey agent, String path, String type) throws Exception {
		for (WebhookReceiver.Request request : receiver.requests(path)) {
			JsonNode body = JSON.readTree(request.body());
			if (type.equals(body.get("type").asText())) {
				new Webhook(agent.webhookSecret()).verify(request.body(), request.headers());
				return body;
			}
		}
		return null;
	}

	private static Instant arrival(String path, String type) throws Exception {
		for (WebhookReceiver.Request request : receiver.requests(path)) {
			if (type.equals(JSON.readTree(request.body()).get("type").asText())) {
				return request.at();
			}
		}
		throw new AssertionError("no " + type + " at " + path);
	}

	private static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void figure(String label, List<Long> millis) {
		List<Long> sorted = millis.stream().sorted().toList();
		System.out.printf("FIGURE %s: n=%d, p50 %d ms, worst %d ms%n", label, sorted.size(),
				sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
	}

	private record Created(String id, String title, String path, Instant createdAt, Instant expiresAt) {
	}

}
