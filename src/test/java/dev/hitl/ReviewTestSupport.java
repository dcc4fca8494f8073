package dev.hitl;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.hitl.HttpApi.Result;
import dev.hitl.delivery.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Review scenarios on PostgreSQL: a consultation with its own reviewer group, reviewers
 * in it, and a webhook receiver, so a test can check who answered where the agent sees it
 * (resource, signed webhook) and where an auditor does (audit trail).
 */
public abstract class ReviewTestSupport extends PostgresIntegrationTestSupport {

	private static final ObjectMapper JSON = new ObjectMapper();

	protected static WebhookReceiver receiver;

	@BeforeAll
	static void startReceiver() throws IOException {
		receiver = new WebhookReceiver();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	/** A consultation for a fresh group with {@code reviewers} members in it. */
	protected Review review(int reviewers, Map<String, Object> extra) {
		return review(reviewers, (people) -> extra);
	}

	/** As above, with create fields that may name the reviewers made for it. */
	protected Review review(int reviewers, java.util.function.Function<List<Person>, Map<String, Object>> extra) {
		String group = uniqueId("team");
		List<Person> people = new ArrayList<>();
		for (int i = 0; i < reviewers; i++) {
			String userId = uniqueId("rev");
			people.add(new Person(userId, newReviewer(userId, group), "pw-" + userId + "-secret"));
		}
		AgentKey key = newAgentKey("owner-" + UUID.randomUUID());
		String path = "/hooks/" + UUID.randomUUID();
		Map<String, Object> body = new HashMap<>(map("title", "Refund order 1042?", "callback_url", receiver.url(path),
				"reviewers", reviewers(List.of(group), List.of())));
		body.putAll(extra.apply(people));
		String id = create(key.authorization(), body).get("id").asText();
		return new Review(id, group, people, key, path);
	}

	/** The consultation's open task, as an admin sees it. */
	protected String taskId(String consultationId) {
		JsonNode tasks = api().get("/engine-rest/task?processInstanceBusinessKey=" + consultationId, ADMIN_AUTH).json();
		assertThat(tasks).as("open tasks of %s", consultationId).hasSize(1);
		return tasks.get(0).get("id").asText();
	}

	/**
	 * Signs in to Tasklist and opens the task list, as the page does; the list's answer
	 * also carries the session's fresh CSRF token.
	 */
	protected TasklistSession tasklist(Person person, String consultationId) {
		TasklistSession tasklist = new TasklistSession(this.port);
		assertThat(tasklist.login(person.id(), person.password())).isEqualTo(200);
		tasklist.engineGet("/task?processInstanceBusinessKey=" + consultationId);
		return tasklist;
	}

	protected static void assertProblem(Result result, int status) {
		assertThat(result.status()).as(result.toString()).isEqualTo(status);
		assertThat(result.contentType()).as(result.toString()).startsWith("application/problem+json");
	}

	protected static void assertProblem(java.net.http.HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).as(response.body())
			.startsWith("application/problem+json");
	}

	/**
	 * The answer, as the agent reads it, as the signed webhook told it, and as the audit
	 * trail records it, names this reviewer and channel.
	 */
	protected void assertAnsweredBy(Review review, String userId, String channel) {
		JsonNode resource = get(review.key().authorization(), review.id());
		assertThat(resource.get("state").asText()).isEqualTo("responded");
		assertThat(resource.get("response").get("responded_by").asText()).isEqualTo(userId);
		assertThat(resource.get("response").get("channel").asText()).isEqualTo(channel);
		JsonNode webhook = terminalWebhook(review);
		assertThat(webhook.get("type").asText()).isEqualTo("consultation.responded");
		assertThat(webhook.get("data").get("response").get("responded_by").asText()).isEqualTo(userId);
		assertThat(webhook.get("data").get("response").get("channel").asText()).isEqualTo(channel);
		JsonNode trail = api().get("/api/v1/audit-events?consultation_id=" + review.id(), ADMIN_AUTH).json();
		List<JsonNode> responded = new ArrayList<>();
		trail.get("items").forEach((event) -> {
			if (event.get("action").asText().equals("consultation.responded")) {
				responded.add(event);
			}
		});
		assertThat(responded).hasSize(1);
		assertThat(responded.get(0).get("actor").asText()).isEqualTo(userId);
		assertThat(responded.get(0).get("channel").asText()).isEqualTo(channel);
	}

	/** The one terminal webhook of a consultation, its signature verified. */
	protected static JsonNode terminalWebhook(Review review) {
		await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.requests(review.path()).isEmpty());
		WebhookReceiver.Request request = receiver.requests(review.path()).get(0);
		try {
			new Webhook(review.key().webhookSecret()).verify(request.body(), request.headers());
			return JSON.readTree(request.body());
		}
		catch (Exception ex) {
			throw new AssertionError("webhook of " + review.id() + " not verifiable: " + request.body(), ex);
		}
	}

	/**
	 * Counts the statuses a concurrency test got and prints them, for the figures the
	 * issue asks for.
	 */
	protected static Tally tally(String label, List<Integer> statuses) {
		int ok = (int) statuses.stream().filter((status) -> status >= 200 && status < 300).count();
		int conflict = (int) statuses.stream().filter((status) -> status == 409).count();
		Tally tally = new Tally(label, statuses.size(), ok, conflict, statuses.size() - ok - conflict);
		System.out.printf("CONCURRENCY %s: %d requests, %d 2xx, %d 409, %d other%n", label, tally.requests(),
				tally.ok(), tally.conflict(), tally.other());
		return tally;
	}

	public record Tally(String label, int requests, int ok, int conflict, int other) {
	}

	public record Person(String id, String authorization, String password) {
	}

	public record Review(String id, String group, List<Person> reviewers, AgentKey key, String path) {

		public Person reviewer(int index) {
			return this.reviewers.get(index);
		}

	}

}
