package dev.hitl.workflow;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.hitl.HttpApi.Result;
import dev.hitl.ReviewTestSupport;
import dev.hitl.TasklistSession;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile reviewer tries to record the answer as someone else's, or as coming through
 * another channel, by setting the variables the service once read for that: through the
 * engine's REST API, through Tasklist's API, and by a variable stored in the process. The
 * read model, the signed webhook and the audit trail name the reviewer who really
 * answered and how.
 */
class ForgedAnswererIntegrationTests extends ReviewTestSupport {

	private static final Map<String, Object> FORGED = map("hitlRespondedBy", map("value", "ceo", "type", "String"),
			"hitlChannel", map("value", "slack", "type", "String"));

	@Autowired
	private RuntimeService runtime;

	@Autowired
	private TaskService tasks;

	@Test
	void variablesNamingAnotherAnswererAreRefusedByTheEngineRestApi() {
		Review review = review(1, Map.of());
		Person reviewer = review.reviewer(0);
		String taskId = taskId(review.id());
		Map<String, Object> forgedAnswer = new java.util.HashMap<>(FORGED);
		forgedAnswer.put("decision", map("value", "approved", "type", "String"));

		assertProblem(api().post("/engine-rest/task/" + taskId + "/complete", reviewer.authorization(),
				map("variables", forgedAnswer)), 400);
		assertProblem(api().post("/engine-rest/task/" + taskId + "/submit-form", reviewer.authorization(),
				map("variables", forgedAnswer)), 400);
		assertProblem(api().put("/engine-rest/task/" + taskId + "/variables/hitlRespondedBy", reviewer.authorization(),
				map("value", "ceo", "type", "String")), 400);
		assertProblem(api().put("/engine-rest/task/" + taskId + "/localVariables/HITLchannel", reviewer.authorization(),
				map("value", "slack", "type", "String")), 400);
		assertProblem(api().post("/engine-rest/task/" + taskId + "/variables", reviewer.authorization(),
				map("modifications", FORGED)), 400);
		assertProblem(api().post("/engine-rest/process-instance/" + processInstanceId(review) + "/variables",
				ADMIN_AUTH, map("modifications", FORGED)), 400);
		assertThat(get(review.key().authorization(), review.id()).get("state").asText()).isEqualTo("pending");

		Result answered = api().post("/engine-rest/task/" + taskId + "/complete", reviewer.authorization(),
				map("variables", map("decision", map("value", "approved", "type", "String"))));
		assertThat(answered.status()).as(answered.toString()).isEqualTo(204);
		assertAnsweredBy(review, reviewer.id(), "tasklist");
	}

	@Test
	void variablesNamingAnotherAnswererAreRefusedByTasklist() {
		Review review = review(1, Map.of());
		Person reviewer = review.reviewer(0);
		TasklistSession tasklist = tasklist(reviewer, review.id());
		String taskId = taskId(review.id());
		HttpResponse<String> claimed = tasklist.enginePost("/task/" + taskId + "/claim", map("userId", reviewer.id()));
		assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(204);
		Map<String, Object> forgedAnswer = new java.util.HashMap<>(FORGED);
		forgedAnswer.put("decision", map("value", "rejected", "type", "String"));

		assertProblem(tasklist.enginePost("/task/" + taskId + "/submit-form", map("variables", forgedAnswer)), 400);
		assertProblem(tasklist.enginePost("/task/" + taskId + "/complete", map("variables", forgedAnswer)), 400);
		assertThat(get(review.key().authorization(), review.id()).get("state").asText()).isEqualTo("pending");

		HttpResponse<String> answered = tasklist.enginePost("/task/" + taskId + "/submit-form",
				map("variables", map("decision", map("value", "rejected", "type", "String"))));
		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(204);
		assertAnsweredBy(review, reviewer.id(), "tasklist");
	}

	@Test
	void variablesStoredInTheProcessNeitherNameTheAnswererNorBreakLaterAnswers() {
		Review review = review(1, Map.of());
		Person reviewer = review.reviewer(0);
		// As if stored before the REST edge refused them, or by code in a designer's
		// process.
		String processInstanceId = processInstanceId(review);
		this.runtime.setVariables(processInstanceId, Map.of("hitlRespondedBy", "ceo", "hitlChannel", "slack",
				"hitlCompletedBy", "ceo", "hitlCompletedChannel", "slack"));
		String taskId = taskId(review.id());
		String execution = this.tasks.createTaskQuery().taskId(taskId).singleResult().getExecutionId();
		this.runtime.setVariablesLocal(execution, Map.of("hitlCompletedBy", "ceo", "hitlCompletedChannel", "slack"));

		Result answered = api().post("/api/v1/consultations/" + review.id() + "/respond", reviewer.authorization(),
				map("decision", "approved"));
		assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
		assertAnsweredBy(review, reviewer.id(), "api");
	}

	private String processInstanceId(Review review) {
		return api().get("/engine-rest/process-instance?businessKey=" + review.id(), ADMIN_AUTH)
			.json()
			.get(0)
			.get("id")
			.asText();
	}

}
