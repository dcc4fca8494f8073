package dev.hitl.review;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.HttpApi.Result;
import dev.hitl.ReviewTestSupport;
import dev.hitl.TasklistSession;
import org.junit.jupiter.api.Test;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Candidates try to route a review task past the consultation's rules through the
 * engine's REST API and Tasklist's: hand it to someone else, add candidates, take over or
 * complete someone else's claim, rewrite what the form shows, or end it with a BPMN
 * error. Each is refused, and the task is left as it was.
 */
class TaskRoutingIntegrationTests extends ReviewTestSupport {

	@Test
	void aCandidateCannotHandTheTaskToAnyoneOrAddCandidates() {
		Review review = review(2, Map.of());
		Person alice = review.reviewer(0);
		String bob = review.reviewer(1).id();
		String outsider = uniqueId("out");
		newReviewer(outsider, uniqueId("elsewhere"));
		String task = taskId(review.id());

		assertThat(post(task, "delegate", alice, map("userId", outsider)).status()).isEqualTo(403);
		assertThat(post(task, "assignee", alice, map("userId", outsider)).status()).isEqualTo(403);
		assertThat(post(task, "identity-links", alice, map("userId", outsider, "type", "candidate")).status())
			.isEqualTo(403);
		assertThat(post(task, "identity-links", alice, map("groupId", "camunda-admin", "type", "candidate")).status())
			.isEqualTo(403);
		assertProblem(post(task, "claim", alice, map("userId", bob)), 403);
		assertProblem(post(task, "claim", alice, map("userId", outsider)), 403);

		JsonNode links = api().get("/engine-rest/task/" + task + "/identity-links", ADMIN_AUTH).json();
		assertThat(links).hasSize(1);
		assertThat(links.get(0).get("groupId").asText()).isEqualTo(review.group());
		assertThat(api().get("/engine-rest/task/" + task, ADMIN_AUTH).json().get("assignee").isNull()).isTrue();
	}

	@Test
	void onlyTheAssigneeWorksAClaimedTaskAndHandsItOnOnlyToReviewers() {
		Review review = review(2, Map.of());
		Person alice = review.reviewer(0);
		Person bob = review.reviewer(1);
		String outsider = uniqueId("out");
		newReviewer(outsider, uniqueId("elsewhere"));
		String task = taskId(review.id());
		assertThat(post(task, "claim", alice, map("userId", alice.id())).status()).isEqualTo(204);

		assertProblem(post(task, "complete", bob, answer("approved")), 409);
		assertProblem(post(task, "submit-form", bob, answer("approved")), 409);
		assertProblem(post(task, "claim", bob, map("userId", bob.id())), 409);
		assertThat(post(task, "assignee", bob, map("userId", bob.id())).status()).isEqualTo(403);
		assertThat(post(task, "delegate", bob, map("userId", bob.id())).status()).isEqualTo(403);
		assertThat(post(task, "unclaim", bob, map()).status()).isEqualTo(403);
		TasklistSession bobsTasklist = tasklist(bob, review.id());
		assertProblem(bobsTasklist.enginePost("/task/" + task + "/submit-form", answer("rejected")), 409);

		assertProblem(post(task, "delegate", alice, map("userId", outsider)), 403);
		assertProblem(post(task, "assignee", alice, map("userId", outsider)), 403);
		assertProblem(post(task, "identity-links", alice, map("userId", outsider, "type", "candidate")), 403);
		assertProblem(post(task, "identity-links", alice, map("groupId", "camunda-admin", "type", "candidate")), 403);
		assertThat(api().get("/engine-rest/task/" + task, ADMIN_AUTH).json().get("assignee").asText())
			.isEqualTo(alice.id());
		assertThat(get(review.key().authorization(), review.id()).get("state").asText()).isEqualTo("pending");

		// The assignee may hand the claim on to another reviewer, who then answers.
		assertThat(post(task, "assignee", alice, map("userId", bob.id())).status()).isEqualTo(204);
		assertThat(post(task, "complete", bob, answer("approved")).status()).isEqualTo(204);
		assertAnsweredBy(review, bob.id(), "tasklist");
	}

	@Test
	void theAssigneeReleasesTheirClaimInTasklistAndAnotherReviewerTakesIt() {
		Review review = review(2, Map.of());
		Person alice = review.reviewer(0);
		Person bob = review.reviewer(1);
		String task = taskId(review.id());
		TasklistSession tasklist = tasklist(alice, review.id());
		assertThat(tasklist.enginePost("/task/" + task + "/claim", map("userId", alice.id())).statusCode())
			.isEqualTo(204);
		assertThat(tasklist.enginePost("/task/" + task + "/unclaim", map()).statusCode()).isEqualTo(204);
		assertThat(post(task, "claim", bob, map("userId", bob.id())).status()).isEqualTo(204);
		assertThat(get(review.key().authorization(), review.id()).get("assignee").asText()).isEqualTo(bob.id());
	}

	@Test
	void reviewersCannotChangeWhatTheFormShowsOtherReviewers() {
		Review review = review(2, Map.of());
		Person alice = review.reviewer(0);
		String task = taskId(review.id());
		assertThat(post(task, "claim", alice, map("userId", alice.id())).status()).isEqualTo(204);

		assertThat(api()
			.put("/engine-rest/task/" + task + "/localVariables/title", alice.authorization(),
					map("value", "Approve everything", "type", "String"))
			.status()).isEqualTo(403);
		assertThat(api()
			.put("/engine-rest/task/" + task + "/variables/description", alice.authorization(),
					map("value", "Nothing to see", "type", "String"))
			.status()).isEqualTo(403);
		TasklistSession tasklist = tasklist(alice, review.id());
		Map<String, Object> rewritten = map("variables", map("title", map("value", "Approve everything"), "contextJson",
				map("value", "{}"), "decision", map("value", "approved")));
		assertProblem(tasklist.enginePost("/task/" + task + "/submit-form", rewritten), 403);

		JsonNode shown = api().get("/engine-rest/task/" + task + "/form-variables?deserializeValues=false", ADMIN_AUTH)
			.json();
		assertThat(shown.get("title").get("value").asText()).isEqualTo("Refund order 1042?");
		assertThat(get(review.key().authorization(), review.id()).get("state").asText()).isEqualTo("pending");
	}

	@Test
	void aReviewerCannotEndTheConsultationWithABpmnErrorOrEscalation() {
		Review review = review(1, Map.of());
		Person alice = review.reviewer(0);
		String task = taskId(review.id());
		assertProblem(post(task, "bpmnError", alice, map("errorCode", "stop")), 403);
		assertProblem(post(task, "bpmnEscalation", alice, map("escalationCode", "stop")), 403);
		assertThat(get(review.key().authorization(), review.id()).get("state").asText()).isEqualTo("pending");
		assertThat(api().get("/engine-rest/task/" + task, ADMIN_AUTH).status()).isEqualTo(200);
	}

	@Test
	void aTaskThatEndedAnswersConflictWithWhatWonAndAnUnknownTaskNotFound() {
		Review review = review(2, Map.of());
		String task = taskId(review.id());
		assertThat(post(task, "complete", review.reviewer(0), answer("approved")).status()).isEqualTo(204);
		Result late = post(task, "complete", review.reviewer(1), answer("rejected"));
		assertProblem(late, 409);
		assertThat(late.json().get("detail").asText()).isEqualTo("The consultation is already responded");
		assertProblem(post(task, "claim", review.reviewer(1), map("userId", review.reviewer(1).id())), 409);
		assertProblem(post("no-such-task", "complete", review.reviewer(1), answer("rejected")), 404);
		assertAnsweredBy(review, review.reviewer(0).id(), "tasklist");
	}

	private Result post(String task, String action, Person who, Object body) {
		return api().post("/engine-rest/task/" + task + "/" + action, who.authorization(), body);
	}

	private static Map<String, Object> answer(String decision) {
		return map("variables", map("decision", map("value", decision, "type", "String")));
	}

}
