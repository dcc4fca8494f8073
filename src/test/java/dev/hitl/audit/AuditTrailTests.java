package dev.hitl.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import dev.hitl.TasklistSession;
import dev.hitl.delivery.webhook.WebhookDelivered;
import dev.hitl.delivery.webhook.WebhookFailed;
import dev.hitl.delivery.webhook.WebhookRedelivered;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class AuditTrailTests extends ApiTestSupport {

	@Autowired
	private ApplicationEventPublisher events;

	@Autowired
	private TransactionTemplate transaction;

	@Test
	void everyStepOfAConsultationIsRecordedWithWhoWhereAndHow() {
		String owner = "owner-" + UUID.randomUUID();
		String agent = newAgent(owner);
		String group = uniqueId("team");
		String userId = uniqueId("rev");
		String reviewer = newReviewer(userId, group);
		String id = create(agent, map("title", "Approve?", "reviewers", reviewers(List.of(group), List.of()))).get("id")
			.asText();
		post("/api/v1/consultations/" + id + "/claim", reviewer, Map.of());
		post("/api/v1/consultations/" + id + "/unclaim", reviewer, Map.of());
		post("/api/v1/consultations/" + id + "/respond", reviewer, map("decision", "approved", "comment", "fine"));

		JsonNode items = trail("consultation_id=" + id).get("items");
		assertThat(items).extracting((item) -> item.get("action").asText())
			.containsExactly("consultation.responded", "consultation.unclaimed", "consultation.claimed",
					"consultation.created");
		JsonNode responded = items.get(0);
		assertThat(responded.get("actor").asText()).isEqualTo(userId);
		assertThat(responded.get("actor_type").asText()).isEqualTo("user");
		assertThat(responded.get("channel").asText()).isEqualTo("api");
		assertThat(responded.get("target_type").asText()).isEqualTo("consultation");
		assertThat(responded.get("target_id").asText()).isEqualTo(id);
		assertThat(responded.get("client_address").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
		assertThat(responded.get("details").get("decision").asText()).isEqualTo("approved");
		assertThat(responded.get("details").has("comment")).as("free text stays out of the trail").isFalse();
		assertThat(Instant.parse(responded.get("occurred_at").asText())).isCloseTo(Instant.now(),
				org.assertj.core.api.Assertions.within(Duration.ofMinutes(1)));
		assertThat(items.get(1).get("details").get("previous_assignee").asText()).isEqualTo(userId);
		assertThat(items.get(2).get("actor").asText()).isEqualTo(userId);
		assertThat(items.get(2).get("details").get("assignee").asText()).isEqualTo(userId);
		JsonNode created = items.get(3);
		assertThat(created.get("actor").asText()).isEqualTo(owner);
		assertThat(created.get("actor_type").asText()).isEqualTo("agent");
		assertThat(created.get("details").get("process").asText()).isEqualTo("consultation");
		assertThat(created.get("details").has("api_key_id")).isTrue();
	}

	@Test
	void tasklistActionsAndLoginsAreAttributedToTheTasklistUser() {
		String group = uniqueId("team");
		String userId = uniqueId("rev");
		newReviewer(userId, group);
		String id = create(newAgent(), map("title", "Choose", "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		TasklistSession tasklist = new TasklistSession(this.port);
		assertThat(tasklist.login(userId, "pw-" + userId + "-secret")).isEqualTo(200);
		String taskId = tasklist.engineGet("/task?processInstanceBusinessKey=" + id).get(0).get("id").asText();
		assertThat(tasklist.enginePost("/task/" + taskId + "/claim", Map.of("userId", userId)).statusCode())
			.isEqualTo(204);
		assertThat(tasklist
			.enginePost("/task/" + taskId + "/submit-form",
					Map.of("variables", Map.of("decision", Map.of("value", "rejected", "type", "String"))))
			.statusCode()).isEqualTo(204);

		JsonNode items = trail("consultation_id=" + id).get("items");
		assertThat(items).extracting((item) -> item.get("action").asText())
			.containsExactly("consultation.responded", "consultation.claimed", "consultation.created");
		assertThat(items.get(0).get("actor").asText()).isEqualTo(userId);
		assertThat(items.get(0).get("channel").asText()).isEqualTo("tasklist");
		assertThat(items.get(1).get("actor").asText()).isEqualTo(userId);
		assertThat(items.get(1).get("channel").asText()).isEqualTo("webapp");
		JsonNode login = trail("action=login.succeeded&actor=" + userId).get("items").get(0);
		assertThat(login.get("channel").asText()).isEqualTo("tasklist");
		assertThat(login.get("target_id").asText()).isEqualTo(userId);
	}

	@Test
	void cancellationsAreAttributedToTheAgentOrTheEngineUser() {
		String owner = "owner-" + UUID.randomUUID();
		String agent = newAgent(owner);
		String byAgent = create(agent, map("title", "A")).get("id").asText();
		post("/api/v1/consultations/" + byAgent + "/cancel", agent, "");
		JsonNode cancelled = trail("consultation_id=" + byAgent + "&action=consultation.cancelled").get("items").get(0);
		assertThat(cancelled.get("actor").asText()).isEqualTo(owner);
		assertThat(cancelled.get("details").get("reason").asText()).isEqualTo("agent");

		String byAdmin = create(agent, map("title", "B")).get("id").asText();
		String instance = api().get("/engine-rest/process-instance?businessKey=" + byAdmin, ADMIN_AUTH)
			.json()
			.get(0)
			.get("id")
			.asText();
		assertThat(api().delete("/engine-rest/process-instance/" + instance, ADMIN_AUTH).status()).isEqualTo(204);
		JsonNode deleted = trail("consultation_id=" + byAdmin + "&action=consultation.cancelled").get("items").get(0);
		assertThat(deleted.get("actor").asText()).isEqualTo(ADMIN);
		assertThat(deleted.get("channel").asText()).isEqualTo("engine-rest");
		assertThat(deleted.get("details").get("reason").asText()).isEqualTo("process_ended");
	}

	@Test
	void aTimeoutIsRecordedAsTheSystems() {
		String id = create(newAgent(), map("title", "Quick?", "timeout", "PT5S")).get("id").asText();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(trail("consultation_id=" + id + "&action=consultation.timed_out").get("items"))
						.hasSize(1));
		JsonNode timedOut = trail("consultation_id=" + id + "&action=consultation.timed_out").get("items").get(0);
		assertThat(timedOut.get("actor").asText()).isEqualTo("system");
		assertThat(timedOut.get("client_address").isNull()).isTrue();
	}

	@Test
	void apiKeysAreRecordedWithoutTheirSecrets() {
		Result created = api().post("/api/v1/api-keys", ADMIN_AUTH, map("name", "audited", "owner", "billing"));
		String keyId = created.json().get("id").asText();
		assertThat(api().delete("/api/v1/api-keys/" + keyId, ADMIN_AUTH).status()).isEqualTo(204);
		JsonNode items = trail("actor=" + ADMIN + "&page_size=100").get("items");
		JsonNode revoked = find(items, "api_key.revoked", keyId);
		JsonNode issued = find(items, "api_key.created", keyId);
		assertThat(issued.get("details").get("owner").asText()).isEqualTo("billing");
		assertThat(revoked.get("details").get("owner").asText()).isEqualTo("billing");
		String all = this.jdbc.queryForList("select details_json from audit_event", String.class).toString();
		assertThat(all).doesNotContain(created.json().get("key").asText())
			.doesNotContain(created.json().get("webhook_secret").asText().substring(6));
	}

	@Test
	void failedLoginsNameTheAccountTriedButNeverWhatAStrangerTyped() {
		String userId = uniqueId("known");
		newReviewer(userId, "reviewers");
		assertThat(api().get("/api/v1/review/consultations", HttpApi.basic(userId, "wrong-password")).status())
			.isEqualTo(401);
		JsonNode failed = trail("action=login.failed&actor=" + userId).get("items").get(0);
		assertThat(failed.get("actor_type").asText()).isEqualTo("unauthenticated");
		assertThat(failed.get("target_id").asText()).isEqualTo(userId);
		assertThat(failed.get("channel").asText()).isEqualTo("basic");
		assertThat(failed.get("client_address").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
		assertThat(failed.get("details").toString()).doesNotContain("wrong-password");

		// A name no account has may be anything: a password typed in the wrong field, or
		// an API key sent as the user name.
		String typedByMistake = "my-Secret-" + uniqueId("pw");
		assertThat(api().get("/api/v1/review/consultations", HttpApi.basic(typedByMistake, "x")).status())
			.isEqualTo(401);
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where actor like ? or target_id like ?",
				Long.class, "%" + typedByMistake + "%", "%" + typedByMistake + "%"))
			.isZero();
		JsonNode unknown = trail("action=login.failed&actor=(unknown)").get("items").get(0);
		assertThat(unknown.get("actor_type").asText()).isEqualTo("unauthenticated");
	}

	@Test
	void webhookOutcomesFromTheDeliveryModuleAreRecorded() {
		String id = create(newAgent(), map("title", "Hook")).get("id").asText();
		this.transaction.executeWithoutResult((status) -> {
			this.events.publishEvent(new WebhookFailed(id, "msg_1", "consultation.responded", "HTTP 500"));
			this.events.publishEvent(new WebhookRedelivered(id, ADMIN));
			this.events.publishEvent(new WebhookDelivered(id, "msg_1", "consultation.responded", 204));
		});
		JsonNode items = trail("consultation_id=" + id).get("items");
		assertThat(items).extracting((item) -> item.get("action").asText())
			.startsWith("webhook.delivered", "webhook.redelivered", "webhook.failed");
		assertThat(items.get(0).get("details").get("webhook_id").asText()).isEqualTo("msg_1");
		assertThat(items.get(0).get("actor").asText()).isEqualTo("system");
		assertThat(items.get(1).get("actor").asText()).isEqualTo(ADMIN);
		assertThat(items.get(2).get("details").get("error").asText()).isEqualTo("HTTP 500");
	}

	@Test
	void anAnswerWhoseAuditRowCannotBeWrittenDoesNotHappen() {
		String group = uniqueId("team");
		String reviewer = newReviewer(uniqueId("rev"), group);
		String agent = newAgent();
		String id = create(agent, map("title", "Atomic?", "reviewers", reviewers(List.of(group), List.of()))).get("id")
			.asText();
		this.jdbc.execute("alter table audit_event add constraint refuse_" + id.replace("-", "")
				+ " check (consultation_id <> cast('" + id + "' as uuid) or action <> 'consultation.responded')");
		try {
			Result refused = api().post("/api/v1/consultations/" + id + "/respond", reviewer,
					map("decision", "approved"));
			assertThat(refused.status()).isEqualTo(500);
			assertThat(get(agent, id).get("state").asText()).isEqualTo("pending");
			assertThat(api().get("/engine-rest/task?processInstanceBusinessKey=" + id, ADMIN_AUTH).json()).hasSize(1);
		}
		finally {
			this.jdbc.execute("alter table audit_event drop constraint refuse_" + id.replace("-", ""));
		}
		assertThat(
				api().post("/api/v1/consultations/" + id + "/respond", reviewer, map("decision", "approved")).status())
			.isEqualTo(200);
		assertThat(trail("consultation_id=" + id + "&action=consultation.responded").get("total").asInt()).isOne();
	}

	@Test
	void theTrailIsFilteredByTimeAndPaged() {
		String owner = "owner-" + UUID.randomUUID();
		String agent = newAgent(owner);
		Instant before = Instant.now().minusMillis(1);
		for (int i = 0; i < 3; i++) {
			create(agent, map("title", "T" + i));
		}
		Instant after = Instant.now().plusSeconds(1);
		JsonNode page = trail("actor=" + owner + "&from=" + before + "&to=" + after + "&page_size=2");
		assertThat(page.get("total").asInt()).isEqualTo(3);
		assertThat(page.get("pages").asInt()).isEqualTo(2);
		assertThat(page.get("items")).hasSize(2);
		assertThat(trail("actor=" + owner + "&from=" + after).get("total").asInt()).isZero();
		assertThat(trail("actor=" + owner + "&to=" + before).get("total").asInt()).isZero();
	}

	@Test
	void badFiltersAreRefusedAndOnlyAdminsReadTheTrail() {
		for (String query : List.of("consultation_id=42", "action=consultation.eaten", "from=yesterday",
				"to=2026-13-01T00:00:00Z", "page_size=101", "actor=" + "x".repeat(256))) {
			Result refused = api().get("/api/v1/audit-events?" + query, ADMIN_AUTH);
			assertThat(refused.status()).as(query).isEqualTo(400);
			assertThat(refused.contentType()).startsWith("application/problem+json");
		}
		assertThat(api().get("/api/v1/audit-events", null).status()).isEqualTo(401);
		assertThat(api().get("/api/v1/audit-events", newAgent()).status()).isEqualTo(403);
		assertThat(api().get("/api/v1/audit-events", newReviewer(uniqueId("rev"), "reviewers")).status())
			.isEqualTo(403);
	}

	private JsonNode trail(String query) {
		Result result = api().get("/api/v1/audit-events?" + query, ADMIN_AUTH);
		assertThat(result.status()).as(result.toString()).isEqualTo(200);
		return result.json();
	}

	private void post(String path, String authorization, Object body) {
		Result result = api().post(path, authorization, body);
		assertThat(result.status()).as(path + " " + result).isBetween(200, 299);
	}

	private static JsonNode find(JsonNode items, String action, String targetId) {
		for (JsonNode item : items) {
			if (item.get("action").asText().equals(action) && item.get("target_id").asText().equals(targetId)) {
				return item;
			}
		}
		throw new AssertionError(action + " of " + targetId + " not in " + items);
	}

}
