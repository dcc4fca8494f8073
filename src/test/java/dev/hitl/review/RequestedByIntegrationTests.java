package dev.hitl.review;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.HttpApi.Result;
import dev.hitl.ReviewTestSupport;
import dev.hitl.TasklistSession;
import dev.hitl.portal.PortalClient;
import org.junit.jupiter.api.Test;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The person a consultation was requested for ({@code requested_by}) is in its reviewer
 * group, and tries to claim or answer it on every channel, or to be handed it.
 */
class RequestedByIntegrationTests extends ReviewTestSupport {

	@Test
	void theRequesterIsRefusedOnEveryChannelEvenAsAMemberOfTheReviewerGroup() {
		Review review = review(2, (people) -> Map.of("requested_by", people.get(1).id()));
		Person alice = review.reviewer(0);
		Person requester = review.reviewer(1);
		assertThat(get(review.key().authorization(), review.id()).get("requested_by").asText())
			.isEqualTo(requester.id());
		String consultation = "/api/v1/consultations/" + review.id();
		String task = taskId(review.id());

		assertProblem(api().post(consultation + "/respond", requester.authorization(), map("decision", "approved")),
				403);
		assertProblem(api().post(consultation + "/claim", requester.authorization(), map()), 403);

		PortalClient portal = new PortalClient(this.port);
		assertThat(portal.signIn(requester.id(), requester.password()).statusCode()).isEqualTo(302);
		assertThat(portal.get("/consultations/" + review.id()).statusCode()).isEqualTo(200);
		assertThat(portal.post("/consultations/" + review.id() + "/respond", "decision", "approved").statusCode())
			.isEqualTo(403);
		assertThat(portal.get("/consultations/" + review.id()).statusCode()).isEqualTo(200);
		assertThat(portal.post("/consultations/" + review.id() + "/claim").statusCode()).isEqualTo(403);

		TasklistSession tasklist = tasklist(requester, review.id());
		assertProblem(tasklist.enginePost("/task/" + task + "/claim", map("userId", requester.id())), 403);
		assertProblem(tasklist.enginePost("/task/" + task + "/submit-form",
				map("variables", map("decision", map("value", "approved", "type", "String")))), 403);

		assertProblem(api().post("/engine-rest/task/" + task + "/complete", requester.authorization(),
				map("variables", map("decision", map("value", "approved", "type", "String")))), 403);
		assertProblem(api().post("/engine-rest/task/" + task + "/claim", requester.authorization(),
				map("userId", requester.id())), 403);

		// Nor can a reviewer hand it to them.
		assertThat(api().post("/engine-rest/task/" + task + "/claim", alice.authorization(), map("userId", alice.id()))
			.status()).isEqualTo(204);
		assertProblem(api().post("/engine-rest/task/" + task + "/assignee", alice.authorization(),
				map("userId", requester.id())), 403);
		assertProblem(api().post("/engine-rest/task/" + task + "/delegate", alice.authorization(),
				map("userId", requester.id())), 403);
		assertProblem(api().post("/engine-rest/task/" + task + "/identity-links", alice.authorization(),
				map("userId", requester.id(), "type", "candidate")), 403);

		JsonNode pending = get(review.key().authorization(), review.id());
		assertThat(pending.get("state").asText()).isEqualTo("pending");
		assertThat(pending.get("assignee").asText()).isEqualTo(alice.id());
		Result answered = api().post(consultation + "/respond", alice.authorization(), map("decision", "approved"));
		assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
		assertAnsweredBy(review, alice.id(), "api");
	}

	@Test
	void theRequesterIsNeverOneOfTheNamedReviewers() {
		String agent = newAgent();
		Result named = api().post("/api/v1/consultations", agent, map("title", "Mine?", "requested_by", "ann",
				"reviewers", reviewers(List.of("reviewers"), List.of("bob", "ann"))));
		assertProblem(named, 400);
		assertThat(named.body()).contains("requested_by");
		for (Object invalid : List.of("", "no spaces allowed", "x".repeat(65), 42, List.of("ann"))) {
			Result refused = api().post("/api/v1/consultations", agent, map("title", "Mine?", "requested_by", invalid));
			assertProblem(refused, 400);
			assertThat(refused.body()).contains("requested_by");
		}
		JsonNode created = create(agent, map("title", "For ann", "requested_by", "ann"));
		assertThat(created.get("requested_by").asText()).isEqualTo("ann");
		assertThat(create(agent, map("title", "For nobody")).get("requested_by").isNull()).isTrue();
	}

}
