package dev.hitl.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery workers' token fetches, locks and completes any external task through the
 * engine's REST API without an account or a single grant, and can do nothing else there
 * or anywhere in the service. Only the cluster's secret key makes one; a forged, stale or
 * foreign token is refused, and the account the workers used to sign in with is gone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class WorkerTokenTests extends ApiTestSupport {

	/** An external task of a topic no worker serves, then a wait that never ends. */
	private static final String PROBE = """
			<?xml version="1.0" encoding="UTF-8"?>
			<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
			    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_WorkerTokenProbe"
			    targetNamespace="https://hitl.dev/bpmn/test">
			  <bpmn:message id="Message_Never" name="never" />
			  <bpmn:process id="workerTokenProbe" isExecutable="true" camunda:historyTimeToLive="1">
			    <bpmn:startEvent id="StartEvent_Probe"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
			    <bpmn:serviceTask id="Task_Probe" camunda:type="external" camunda:topic="workerTokenProbe">
			      <bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>
			    </bpmn:serviceTask>
			    <bpmn:intermediateCatchEvent id="Event_Never">
			      <bpmn:incoming>Flow_2</bpmn:incoming><bpmn:messageEventDefinition messageRef="Message_Never" />
			    </bpmn:intermediateCatchEvent>
			    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Probe" targetRef="Task_Probe" />
			    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Probe" targetRef="Event_Never" />
			  </bpmn:process>
			</bpmn:definitions>
			""";

	@Autowired
	private WorkerTokens tokens;

	@Autowired
	private SecretCipher secrets;

	@Autowired
	private org.camunda.bpm.engine.RepositoryService repository;

	@Autowired
	private org.camunda.bpm.engine.RuntimeService runtime;

	private String worker;

	@BeforeEach
	void workerToken() {
		this.worker = HttpApi.bearer(this.tokens.issue());
	}

	@Test
	void fetchesAndCompletesTasksWithoutAccountOrGrants() {
		// A topic of this test's own: the delivery workers of other test contexts in this
		// JVM would take a webhook or email task first.
		this.repository.createDeployment()
			.addString("workerTokenProbe.bpmn", PROBE)
			.enableDuplicateFiltering(true)
			.deploy();
		String instance = this.runtime.startProcessInstanceByKey("workerTokenProbe").getId();
		Map<String, Object> fetch = map("workerId", "test-worker", "maxTasks", 1, "topics",
				List.of(map("topicName", "workerTokenProbe", "lockDuration", 10000)));

		// An account with no grants on it holds no right to run its tasks.
		String reviewer = newReviewer(uniqueId("rev"), "reviewers");
		Result byReviewer = api().post("/engine-rest/external-task/fetchAndLock", reviewer, fetch);
		assertThat(byReviewer.status()).as(byReviewer.toString()).isEqualTo(200);
		assertThat(byReviewer.json()).isEmpty();

		Result fetched = api().post("/engine-rest/external-task/fetchAndLock", this.worker, fetch);
		assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
		assertThat(fetched.json()).hasSize(1);
		JsonNode task = fetched.json().get(0);
		assertThat(task.get("processInstanceId").asText()).isEqualTo(instance);
		String taskId = task.get("id").asText();
		Result extended = api().post("/engine-rest/external-task/" + taskId + "/extendLock", this.worker,
				map("workerId", "test-worker", "newDuration", 20000));
		assertThat(extended.status()).as(extended.toString()).isEqualTo(204);
		Result completed = api().post("/engine-rest/external-task/" + taskId + "/complete", this.worker,
				map("workerId", "test-worker"));
		assertThat(completed.status()).as(completed.toString()).isEqualTo(204);
		assertThat(api().get("/engine-rest/external-task?processInstanceId=" + instance, ADMIN_AUTH).json()).isEmpty();
	}

	@Test
	void isRefusedEverywhereElse() {
		String id = create(newAgent(), map("title", "Not for workers")).get("id").asText();
		String taskId = api().get("/engine-rest/task?processInstanceBusinessKey=" + id, ADMIN_AUTH)
			.json()
			.get(0)
			.get("id")
			.asText();
		List<Result> refused = List.of(api().get("/engine-rest/external-task", this.worker),
				api().get("/engine-rest/external-task/count", this.worker),
				api().get("/engine-rest/process-instance", this.worker), api().get("/engine-rest/task", this.worker),
				api().post("/engine-rest/task/" + taskId + "/complete", this.worker, map()),
				api().post("/engine-rest/process-definition/key/consultation/start", this.worker, map()),
				api().post("/engine-rest/external-task/retries", this.worker, map("retries", 1)),
				api().get("/engine-rest/user", this.worker), api().get("/engine-rest/identity/groups", this.worker),
				api().get("/api/v1/consultations/" + id, this.worker),
				api().get("/api/v1/review/consultations", this.worker),
				api().post("/api/v1/consultations/" + id + "/respond", this.worker, map("decision", "approved")),
				api().get("/api/v1/sessions", this.worker), api().get("/api/v1/audit-events", this.worker));
		assertThat(refused).allSatisfy((result) -> assertThat(result.status()).as(result.toString()).isEqualTo(403));
		assertThat(api().get("/engine-rest/task?processInstanceBusinessKey=" + id, ADMIN_AUTH).json()).hasSize(1);
	}

	@Test
	void forgedStaleAndForeignTokensAreRefused() {
		String valid = this.tokens.issue();
		String forgedMac = valid.substring(0, valid.lastIndexOf('.') + 1) + "A".repeat(43);
		String stale = new WorkerTokens(this.secrets, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6))).issue();
		String future = new WorkerTokens(this.secrets, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6))).issue();
		String foreign = new WorkerTokens(
				SecretCipherTests.cipherWithKey("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA="), Clock.systemUTC())
			.issue();
		for (String token : List.of(forgedMac, stale, future, foreign, "hitlw1.", "hitlw1.x.y", "hitlw1.1.",
				"hitlw1." + Long.MAX_VALUE + ".AAAA", "hitlw1.-5.AAAA")) {
			Result refused = api().post("/engine-rest/external-task/fetchAndLock", HttpApi.bearer(token),
					map("workerId", "w", "maxTasks", 1, "topics", List.of()));
			assertThat(refused.status()).as(token).isEqualTo(401);
			assertThat(refused.contentType()).startsWith("application/problem+json");
		}
		// Skewed clocks between nodes within the window are fine.
		String skewed = new WorkerTokens(this.secrets, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-4))).issue();
		assertThat(api()
			.post("/engine-rest/external-task/fetchAndLock", HttpApi.bearer(skewed),
					map("workerId", "w", "maxTasks", 1, "topics", List.of()))
			.status()).isEqualTo(200);
	}

	@Test
	void theWorkersFormerAccountAndPasswordAreGone() {
		String formerPassword = this.secrets.derive("external-task-worker");
		assertThat(api().get("/engine-rest/user/hitlworker/profile", ADMIN_AUTH).status()).isEqualTo(404);
		assertThat(api()
			.post("/engine-rest/external-task/fetchAndLock", HttpApi.basic("hitlworker", formerPassword),
					map("workerId", "w", "maxTasks", 1, "topics", List.of()))
			.status()).isEqualTo(401);
	}

}
