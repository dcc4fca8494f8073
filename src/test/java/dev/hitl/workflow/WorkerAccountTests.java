package dev.hitl.workflow;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import dev.hitl.security.SecretCipher;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery workers' account fetches, locks and completes any external task through
 * the engine's REST API without holding a single grant, and can do nothing else there or
 * anywhere in the service; other accounts on the same routes stay within the engine's
 * authorizations.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class WorkerAccountTests extends ApiTestSupport {

	@Autowired
	private WorkerAccount account;

	@Autowired
	private SecretCipher secrets;

	@Autowired
	private AuthorizationService authorizations;

	private String worker;

	@BeforeEach
	void workerAccount() {
		String password = this.secrets.derive("external-task-worker");
		this.account.ensure(password);
		this.worker = HttpApi.basic(WorkerAccount.USER_ID, password);
	}

	@Test
	void fetchesAndCompletesTasksWithNoGrantsAtAll() {
		for (Resources resource : new Resources[] { Resources.PROCESS_DEFINITION, Resources.PROCESS_INSTANCE }) {
			assertThat(this.authorizations.createAuthorizationQuery()
				.groupIdIn(WorkerAccount.GROUP_ID)
				.resourceType(resource)
				.count()).isZero();
		}
		String group = uniqueId("team");
		String reviewer = newReviewer(uniqueId("rev"), group);
		String id = create(newAgent(), map("title", "Notify me", "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		Map<String, Object> fetch = map("workerId", "test-worker", "maxTasks", 1, "topics",
				List.of(map("topicName", "sendEmail", "lockDuration", 10000, "businessKey", id)));

		// A reviewer of the consultation holds no right to run its tasks.
		Result byReviewer = api().post("/engine-rest/external-task/fetchAndLock", reviewer, fetch);
		assertThat(byReviewer.status()).as(byReviewer.toString()).isEqualTo(200);
		assertThat(byReviewer.json()).isEmpty();

		Result fetched = api().post("/engine-rest/external-task/fetchAndLock", this.worker, fetch);
		assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
		assertThat(fetched.json()).hasSize(1);
		JsonNode task = fetched.json().get(0);
		assertThat(task.get("activityId").asText()).isEqualTo("Task_NotifyReviewers");
		String taskId = task.get("id").asText();
		Result extended = api().post("/engine-rest/external-task/" + taskId + "/extendLock", this.worker,
				map("workerId", "test-worker", "newDuration", 20000));
		assertThat(extended.status()).as(extended.toString()).isEqualTo(204);
		Result completed = api().post("/engine-rest/external-task/" + taskId + "/complete", this.worker,
				map("workerId", "test-worker"));
		assertThat(completed.status()).as(completed.toString()).isEqualTo(204);
		assertThat(api()
			.get("/engine-rest/external-task?activityId=Task_NotifyReviewers&processInstanceId="
					+ task.get("processInstanceId").asText(), ADMIN_AUTH)
			.json()).isEmpty();
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
				api().get("/engine-rest/user", this.worker), api().get("/api/v1/consultations/" + id, this.worker),
				api().get("/api/v1/review/consultations", this.worker),
				api().post("/api/v1/consultations/" + id + "/respond", this.worker, map("decision", "approved")),
				api().get("/api/v1/sessions", this.worker), api().get("/api/v1/audit-events", this.worker));
		assertThat(refused).allSatisfy((result) -> assertThat(result.status()).as(result.toString()).isEqualTo(403));
		assertThat(api().get("/engine-rest/task?processInstanceBusinessKey=" + id, ADMIN_AUTH).json()).hasSize(1);
	}

}
