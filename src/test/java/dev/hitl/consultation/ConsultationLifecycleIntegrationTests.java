package dev.hitl.consultation;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.HttpApi.Result;
import dev.hitl.PostgresIntegrationTestSupport;
import dev.hitl.TasklistSession;
import org.junit.jupiter.api.Test;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every path of a consultation on PostgreSQL, through each channel a reviewer can use:
 * the reviewer API, Camunda Tasklist (its own REST API, as the page calls it) and the
 * engine's REST API; plus the timeout and the agent's cancellation.
 */
class ConsultationLifecycleIntegrationTests extends PostgresIntegrationTestSupport {

	@Test
	void runsOnPostgres() {
		assertThat(this.jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
		assertThat(this.jdbc.queryForObject("select count(*) from flyway_schema_history where success", Long.class))
			.isGreaterThanOrEqualTo(2);
		// Flyway migrated before the engine created its schema.
		java.sql.Timestamp migrated = this.jdbc.queryForObject(
				"select min(installed_on) from flyway_schema_history where version = '1'", java.sql.Timestamp.class);
		java.sql.Timestamp engineCreated = this.jdbc.queryForObject("select min(timestamp_) from act_ge_schema_log",
				java.sql.Timestamp.class);
		assertThat(migrated).isBefore(engineCreated);
	}

	@Test
	void answeredThroughTheReviewerApi() {
		Setup setup = setup("approval", null);
		Result answered = api().post("/api/v1/consultations/" + setup.id + "/respond", setup.reviewer,
				map("decision", "rejected", "comment", "Too expensive"));
		assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
		JsonNode consultation = get(setup.agent, setup.id);
		assertThat(consultation.get("state").asText()).isEqualTo("responded");
		assertThat(consultation.get("response").get("decision").asText()).isEqualTo("rejected");
		assertThat(consultation.get("response").get("channel").asText()).isEqualTo("api");
		assertProcessEndsAt(setup.id, "EndEvent_ConsultationAnswered");
	}

	@Test
	void answeredInTasklistWithTheReviewForm() {
		Setup setup = setup("choice", null);
		TasklistSession tasklist = new TasklistSession(this.port);
		assertThat(tasklist.login(setup.userId, setup.password)).isEqualTo(200);
		JsonNode tasks = tasklist.engineGet("/task?processInstanceBusinessKey=" + setup.id);
		assertThat(tasks).hasSize(1);
		String taskId = tasks.get(0).get("id").asText();
		assertThat(tasks.get(0).get("priority").asInt()).isEqualTo(75);
		JsonNode form = tasklist.engineGet("/task/" + taskId + "/deployed-form");
		assertThat(form.get("id").asText()).isEqualTo("review");
		JsonNode variables = tasklist.engineGet("/task/" + taskId + "/form-variables?deserializeValues=false");
		assertThat(variables.get("title").get("value").asText()).isEqualTo("Which reply?");
		assertThat(variables.get("responseType").get("value").asText()).isEqualTo("choice");
		assertThat(variables.get("options").get("type").asText()).isEqualTo("Json");
		assertThat(variables.get("options").get("value").asText()).contains("\"value\":\"a\"").contains("Reply B");
		assertThat(variables.get("contextJson").get("value").asText()).contains("\"order\" : 42");

		HttpResponse<String> refused = tasklist.enginePost("/task/" + taskId + "/submit-form",
				Map.of("variables", Map.of("choice", Map.of("value", "z", "type", "String"))));
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(tasklist.engineGet("/task?processInstanceBusinessKey=" + setup.id)).hasSize(1);
		assertThat(get(setup.agent, setup.id).get("state").asText()).isEqualTo("pending");

		HttpResponse<String> submitted = tasklist.enginePost("/task/" + taskId + "/submit-form", Map.of("variables", Map
			.of("choice", Map.of("value", "b", "type", "String"), "comment", Map.of("value", "", "type", "String"))));
		assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(204);
		JsonNode consultation = get(setup.agent, setup.id);
		assertThat(consultation.get("state").asText()).isEqualTo("responded");
		JsonNode response = consultation.get("response");
		assertThat(response.get("choice").asText()).isEqualTo("b");
		assertThat(response.get("comment").isNull()).isTrue();
		assertThat(response.get("responded_by").asText()).isEqualTo(setup.userId);
		assertThat(response.get("channel").asText()).isEqualTo("tasklist");
		assertThat(consultation.get("updated_at").asText()).isEqualTo(response.get("responded_at").asText());
		assertProcessEndsAt(setup.id, "EndEvent_ConsultationAnswered");
	}

	@Test
	void answeredThroughTheEngineRestApiGivesTheSameResult() {
		Setup setup = setup("text", null);
		JsonNode tasks = api().get("/engine-rest/task?processInstanceBusinessKey=" + setup.id, setup.reviewer).json();
		String taskId = tasks.get(0).get("id").asText();
		Result wrongShape = api().post("/engine-rest/task/" + taskId + "/complete", setup.reviewer,
				Map.of("variables", Map.of("decision", Map.of("value", "approved"))));
		assertThat(wrongShape.status()).as(wrongShape.toString()).isEqualTo(400);
		Result completed = api().post("/engine-rest/task/" + taskId + "/complete", setup.reviewer,
				Map.of("variables", Map.of("text", Map.of("value", "42 Main Street"))));
		assertThat(completed.status()).as(completed.toString()).isEqualTo(204);
		JsonNode consultation = get(setup.agent, setup.id);
		assertThat(consultation.get("state").asText()).isEqualTo("responded");
		assertThat(consultation.get("response").get("text").asText()).isEqualTo("42 Main Street");
		assertThat(consultation.get("response").get("responded_by").asText()).isEqualTo(setup.userId);
	}

	@Test
	void timesOutWithinAboutTwoSecondsOfExpiry() throws Exception {
		Setup setup = setup("approval", "PT5S");
		Instant expiresAt = Instant.parse(get(setup.agent, setup.id).get("expires_at").asText());
		JsonNode consultation = await().atMost(Duration.between(Instant.now(), expiresAt.plusSeconds(15)))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> get(setup.agent, setup.id), (read) -> !read.get("state").asText().equals("pending"));
		Instant observed = Instant.now();
		assertThat(consultation.get("state").asText()).isEqualTo("timed_out");
		Duration lateness = Duration.between(expiresAt, Instant.parse(consultation.get("updated_at").asText()));
		System.out.printf(
				"PT5S consultation reached timed_out %d ms after expires_at (observed by polling after %d ms)%n",
				lateness.toMillis(), Duration.between(expiresAt, observed).toMillis());
		assertThat(lateness).isBetween(Duration.ofMillis(-100), Duration.ofMillis(2500));
		assertThat(consultation.get("response").isNull()).isTrue();
		assertProcessEndsAt(setup.id, "EndEvent_ConsultationTimedOut");
		assertThat(api()
			.post("/api/v1/consultations/" + setup.id + "/respond", setup.reviewer, map("decision", "approved"))
			.status()).isEqualTo(409);
	}

	@Test
	void cancelledByTheAgent() {
		Setup setup = setup("approval", null);
		Result cancelled = api().post("/api/v1/consultations/" + setup.id + "/cancel", setup.agent, "");
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().get("state").asText()).isEqualTo("cancelled");
		assertProcessEndsAt(setup.id, "EndEvent_ConsultationCancelled");
		assertThat(api().get("/engine-rest/task?processInstanceBusinessKey=" + setup.id, ADMIN_AUTH).json()).isEmpty();
	}

	/**
	 * The process went on through delivery (the workers run in this node; with no
	 * callback and no mail host they have nothing to send) and ended at the expected end
	 * event.
	 */
	private void assertProcessEndsAt(String consultationId, String endEventId) {
		String path = "/engine-rest/history/process-instance?processInstanceBusinessKey=" + consultationId;
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.until(() -> "COMPLETED".equals(api().get(path, ADMIN_AUTH).json().get(0).get("state").asText()));
		String instanceId = api().get(path, ADMIN_AUTH).json().get(0).get("id").asText();
		JsonNode ended = api()
			.get("/engine-rest/history/activity-instance?processInstanceId=" + instanceId + "&activityId=" + endEventId,
					ADMIN_AUTH)
			.json();
		assertThat(ended).hasSize(1);
	}

	private Setup setup(String responseType, String timeout) {
		String group = uniqueId("team");
		String userId = uniqueId("rev");
		String reviewer = newReviewer(userId, group);
		String agent = newAgent();
		Map<String, Object> body = new java.util.HashMap<>(map("title", "Which reply?", "response_type", responseType,
				"priority", "high", "context", map("order", 42), "reviewers", reviewers(List.of(group), List.of())));
		if (responseType.equals("choice")) {
			body.put("options", List.of(map("value", "a", "label", "Reply A"), map("value", "b", "label", "Reply B")));
		}
		if (timeout != null) {
			body.put("timeout", timeout);
		}
		String id = create(agent, body).get("id").asText();
		return new Setup(id, agent, reviewer, userId, "pw-" + userId + "-secret");
	}

	private record Setup(String id, String agent, String reviewer, String userId, String password) {
	}

}
