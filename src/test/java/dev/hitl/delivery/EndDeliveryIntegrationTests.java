package dev.hitl.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.hitl.HttpApi.Result;
import dev.hitl.PostgresIntegrationTestSupport;
import dev.hitl.delivery.WebhookReceiver.Behaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every end an agent can see comes with its webhook and a callback status to match, on
 * PostgreSQL with a real receiver: a process deleted in Cockpit (the engine's REST API,
 * as Cockpit calls it), a designer's process that ends without a webhook task or is
 * cancelled without a cancellation path, and the cancel message sent to the engine
 * directly. Signatures are checked with the Standard Webhooks library.
 */
class EndDeliveryIntegrationTests extends PostgresIntegrationTestSupport {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final WebhookReceiver receiver = startReceiver();

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void deletingTheProcessInCockpitCancelsAndDeliversTheCancelledWebhook() throws Exception {
		Scenario s = scenario("consultation");
		delete(processInstanceId(s.id));
		assertThat(get(s.key.authorization(), s.id).get("state").asText()).isEqualTo("cancelled");
		assertDelivered(s, "consultation.cancelled", "cancelled");
		assertDeliveredByTheEndDelivery(s);
	}

	@Test
	void cancellingADesignersProcessWithoutACancellationPathDeliversTheCancelledWebhook() throws Exception {
		Scenario s = scenario("quickApproval");
		Result cancelled = api().post("/api/v1/consultations/" + s.id + "/cancel", s.key.authorization(), "");
		assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
		assertThat(cancelled.json().get("state").asText()).isEqualTo("cancelled");
		assertDelivered(s, "consultation.cancelled", "cancelled");
	}

	@Test
	void aDesignersProcessWithoutAWebhookTaskStillDeliversTheAnswer() throws Exception {
		Scenario s = scenario("quickApproval");
		Result answered = api().post("/api/v1/consultations/" + s.id + "/respond", s.reviewer,
				map("decision", "approved"));
		assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
		JsonNode payload = assertDelivered(s, "consultation.responded", "responded");
		assertThat(payload.get("data").get("response").get("decision").asText()).isEqualTo("approved");
	}

	@Test
	void theCancelMessageSentToTheEngineDirectlyCancelsTheConsultationAtOnce() throws Exception {
		Scenario s = scenario("consultation");
		awaitOnlyTheReviewRunning(s.id);
		Result correlated = api().post("/engine-rest/message", ADMIN_AUTH,
				map("messageName", "ConsultationCancelled", "processInstanceId", processInstanceId(s.id)));
		assertThat(correlated.status()).as(correlated.toString()).isIn(200, 204);
		JsonNode consultation = get(s.key.authorization(), s.id);
		assertThat(consultation.get("state").asText()).isEqualTo("cancelled");
		// The workers may have delivered it already.
		assertThat(consultation.get("callback").get("status").asText()).isIn("pending", "delivered");
		assertDelivered(s, "consultation.cancelled", "cancelled");
		assertThat(api().post("/api/v1/consultations/" + s.id + "/cancel", s.key.authorization(), "").status())
			.isEqualTo(409);
	}

	/**
	 * The webhook of an answer was still being retried when an operator deleted the
	 * process: it is delivered all the same, with the same {@code webhook-id}, so the
	 * receiver can tell it is the same event.
	 */
	@Test
	void deletingAProcessWhoseWebhookIsBeingRetriedDeliversItWithTheSameWebhookId() throws Exception {
		Scenario s = scenario("consultation");
		receiver.behave(s.path, Behaviour.answer(503));
		assertThat(api().post("/api/v1/consultations/" + s.id + "/respond", s.reviewer, map("decision", "rejected"))
			.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.requests(s.path).isEmpty());
		delete(processInstanceId(s.id));
		receiver.behave(s.path, Behaviour.answer(200));
		JsonNode payload = assertDelivered(s, "consultation.responded", "responded");
		assertDeliveredByTheEndDelivery(s);
		assertThat(payload.get("data").get("response").get("decision").asText()).isEqualTo("rejected");
		List<WebhookReceiver.Request> attempts = receiver.requests(s.path);
		assertThat(attempts).extracting((request) -> request.header("webhook-id"))
			.containsOnly(attempts.get(0).header("webhook-id"));
	}

	@Test
	void deletingTheEndDeliveryItselfMarksTheCallbackFailed() throws Exception {
		Scenario s = scenario("consultation");
		receiver.behave(s.path, Behaviour.answer(503));
		String original = processInstanceId(s.id);
		delete(original);
		await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.requests(s.path).isEmpty());
		String delivery = processInstanceId(s.id);
		assertThat(delivery).isNotEqualTo(original);
		delete(delivery);
		JsonNode callback = get(s.key.authorization(), s.id).get("callback");
		assertThat(callback.get("status").asText()).isEqualTo("failed");
		assertThat(callback.get("last_error").asText()).contains("deleted");
		assertThat(api().get("/engine-rest/process-instance?businessKey=" + s.id, ADMIN_AUTH).json()).isEmpty();
	}

	@Test
	void theServicesOwnDeliveryProcessCannotBePickedForAConsultation() {
		Result refused = api().post("/api/v1/consultations", newAgent(),
				map("title", "Sneaky", "process", "consultationEndDelivery"));
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("process");
	}

	/**
	 * One delivery of the event, signed with the key's secret, carrying the consultation
	 * as the API shows it; then the callback reads delivered.
	 */
	private JsonNode assertDelivered(Scenario s, String type, String state) throws Exception {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> receiver.requests(s.path).stream().anyMatch((request) -> request.body().contains(type)));
		WebhookReceiver.Request webhook = receiver.requests(s.path)
			.stream()
			.filter((request) -> request.body().contains(type))
			.reduce((first, second) -> second)
			.orElseThrow();
		new Webhook(s.key.webhookSecret()).verify(webhook.body(), webhook.headers());
		JsonNode payload = JSON.readTree(webhook.body());
		assertThat(payload.get("type").asText()).isEqualTo(type);
		assertThat(payload.get("data").get("id").asText()).isEqualTo(s.id);
		assertThat(payload.get("data").get("state").asText()).isEqualTo(state);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> get(s.key.authorization(), s.id).get("callback").get("status").asText().equals("delivered"));
		assertThat(get(s.key.authorization(), s.id).get("state").asText()).isEqualTo(state);
		return payload;
	}

	private void assertDeliveredByTheEndDelivery(Scenario s) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> api()
				.get("/engine-rest/history/process-instance?processDefinitionKey=consultationEndDelivery"
						+ "&finished=true&processInstanceBusinessKey=" + s.id, ADMIN_AUTH)
				.json()
				.size() == 1);
	}

	private Scenario scenario(String process) {
		String group = uniqueId("team");
		String reviewer = newReviewer(uniqueId("rev"), group);
		AgentKey key = newAgentKey("owner-" + UUID.randomUUID());
		String path = "/end-" + UUID.randomUUID();
		Map<String, Object> body = new HashMap<>(map("title", "How it ends", "process", process, "callback_url",
				receiver.url(path), "reviewers", reviewers(List.of(group), List.of())));
		String id = create(key.authorization(), body).get("id").asText();
		return new Scenario(id, path, key, reviewer);
	}

	/**
	 * Deletes as an operator would, trying again while the engine's REST API answers 500
	 * for a collision with the workers' own step on the same process (which changes
	 * nothing).
	 */
	private void delete(String processInstanceId) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> api().delete("/engine-rest/process-instance/" + processInstanceId, ADMIN_AUTH)
				.status() == 204);
	}

	/** The new-consultation email is out and its branch ended: only the review waits. */
	private void awaitOnlyTheReviewRunning(String consultationId) {
		String instance = processInstanceId(consultationId);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("select count(*) from act_ru_ext_task where proc_inst_id_ = ?",
					Long.class, instance) == 0
					&& this.jdbc.queryForObject(
							"select count(*) from act_ru_job where process_instance_id_ = ? and type_ <> 'timer'",
							Long.class, instance) == 0);
	}

	private String processInstanceId(String consultationId) {
		return api().get("/engine-rest/process-instance?businessKey=" + consultationId, ADMIN_AUTH)
			.json()
			.get(0)
			.get("id")
			.asText();
	}

	private static WebhookReceiver startReceiver() {
		try {
			return new WebhookReceiver();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Scenario(String id, String path, AgentKey key, String reviewer) {
	}

}
