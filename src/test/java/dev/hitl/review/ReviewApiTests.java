package dev.hitl.review;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ReviewApiTests extends ApiTestSupport {

	@Test
	void actionableListShowsOnlyConsultationsOfTheReviewersGroupsAndUser() {
		String group = uniqueId("team");
		String userId = uniqueId("rev");
		String reviewer = newReviewer(userId, group);
		String agent = newAgent();
		String forGroup = create(agent, map("title", "Group", "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		String forUser = create(agent, map("title", "User", "priority", "urgent", "reviewers",
				reviewers(List.of(uniqueId("other")), List.of(userId))))
			.get("id")
			.asText();
		create(agent, map("title", "Someone else's", "reviewers", reviewers(List.of(uniqueId("other")), List.of())));
		JsonNode page = api().get("/api/v1/review/consultations?state=pending", reviewer).json();
		assertThat(page.get("items")).extracting((item) -> item.get("id").asText()).containsExactly(forUser, forGroup);
		assertThat(page.get("total").asLong()).isEqualTo(2);
	}

	@Test
	void respondingApprovesAndRecordsWhoAndThroughWhichChannel() {
		String group = uniqueId("team");
		String userId = uniqueId("rev");
		String reviewer = newReviewer(userId, group);
		String agent = newAgent();
		String id = create(agent, map("title", "Approve?", "reviewers", reviewers(List.of(group), List.of()))).get("id")
			.asText();
		Result answered = api().post("/api/v1/consultations/" + id + "/respond", reviewer,
				map("decision", "approved", "comment", "Looks fine"));
		assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
		JsonNode seenByAgent = get(agent, id);
		assertThat(seenByAgent.get("state").asText()).isEqualTo("responded");
		JsonNode response = seenByAgent.get("response");
		assertThat(response.get("decision").asText()).isEqualTo("approved");
		assertThat(response.get("comment").asText()).isEqualTo("Looks fine");
		assertThat(response.get("responded_by").asText()).isEqualTo(userId);
		assertThat(response.get("channel").asText()).isEqualTo("api");
		assertThat(response.get("choice").isNull()).isTrue();
		assertThat(seenByAgent.get("updated_at").asText()).isEqualTo(response.get("responded_at").asText());
		Result again = api().post("/api/v1/consultations/" + id + "/respond", reviewer, map("decision", "rejected"));
		assertThat(again.status()).isEqualTo(409);
	}

	@Test
	void answersThatDoNotFitTheResponseTypeAreRefused() {
		String group = uniqueId("team");
		String reviewer = newReviewer(uniqueId("rev"), group);
		String agent = newAgent();
		String approval = create(agent, map("title", "A", "reviewers", reviewers(List.of(group), List.of()))).get("id")
			.asText();
		String choice = create(agent,
				map("title", "C", "response_type", "choice", "options",
						List.of(map("value", "a", "label", "A"), map("value", "b", "label", "B")), "reviewers",
						reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		String text = create(agent,
				map("title", "T", "response_type", "text", "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		assertRefused(reviewer, approval, map("decision", "maybe"));
		assertRefused(reviewer, approval, map("choice", "a"));
		assertRefused(reviewer, approval, map());
		assertRefused(reviewer, approval, map("decision", true));
		assertRefused(reviewer, approval, map("decision", "approved", "extra", 1));
		assertRefused(reviewer, choice, map("choice", "c"));
		assertRefused(reviewer, choice, map("decision", "approved"));
		assertRefused(reviewer, text, map("text", "  "));
		assertRefused(reviewer, text, map("text", "x".repeat(10_001)));
		assertRefused(reviewer, text, map("text", "x".repeat(4_001)));
		assertRefused(reviewer, text, map("text", "fine", "comment", "c".repeat(2_001)));
		assertThat(api().post("/api/v1/consultations/" + choice + "/respond", reviewer, map("choice", "b")).status())
			.isEqualTo(200);
		assertThat(get(agent, choice).get("response").get("choice").asText()).isEqualTo("b");
		assertThat(
				api().post("/api/v1/consultations/" + text + "/respond", reviewer, map("text", "Use the new address"))
					.status())
			.isEqualTo(200);
		assertThat(get(agent, text).get("response").get("text").asText()).isEqualTo("Use the new address");
		assertThat(get(agent, approval).get("state").asText()).isEqualTo("pending");
	}

	@Test
	void aTextAnswerUpToTheEnginesLimitIsKeptAndNothingUnstorableGetsThrough() {
		String group = uniqueId("team");
		String reviewer = newReviewer(uniqueId("rev"), group);
		String agent = newAgent();
		String text = create(agent,
				map("title", "T", "response_type", "text", "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		assertRefused(reviewer, text, map("text", "x".repeat(4_001)));
		assertRefused(reviewer, text, map("text", "nul\u0000byte"));
		assertRefused(reviewer, text, map("text", "fine", "comment", "nul\u0000byte"));
		assertRefused(reviewer, text, "{\"text\": \"lone \\ud800 surrogate\"}");
		String longest = "\u00e9".repeat(4_000);
		Result answered = api().post("/api/v1/consultations/" + text + "/respond", reviewer, map("text", longest));
		assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
		assertThat(get(agent, text).get("response").get("text").asText()).isEqualTo(longest);
	}

	private void assertRefused(String reviewer, String id, Object body) {
		Result refused = api().post("/api/v1/consultations/" + id + "/respond", reviewer, body);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.contentType()).startsWith("application/problem+json");
	}

	@Test
	void consultationsOfOtherReviewersAreNotFound() {
		String reviewer = newReviewer(uniqueId("rev"), uniqueId("team"));
		String agent = newAgent();
		String id = create(agent,
				map("title", "Not yours", "reviewers", reviewers(List.of(uniqueId("other")), List.of())))
			.get("id")
			.asText();
		assertThat(
				api().post("/api/v1/consultations/" + id + "/respond", reviewer, map("decision", "approved")).status())
			.isEqualTo(404);
		assertThat(api().post("/api/v1/consultations/" + id + "/claim", reviewer, "").status()).isEqualTo(404);
		assertThat(get(agent, id).get("state").asText()).isEqualTo("pending");
	}

	@Test
	void claimHoldsTheConsultationForOneReviewerUntilUnclaimed() {
		String group = uniqueId("team");
		String firstId = uniqueId("rev");
		String first = newReviewer(firstId, group);
		String second = newReviewer(uniqueId("rev"), group);
		String agent = newAgent();
		String id = create(agent, map("title", "Claim me", "reviewers", reviewers(List.of(group), List.of()))).get("id")
			.asText();
		Result claimed = api().post("/api/v1/consultations/" + id + "/claim", first, "");
		assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
		assertThat(claimed.json().get("assignee").asText()).isEqualTo(firstId);
		assertThat(get(agent, id).get("assignee").asText()).isEqualTo(firstId);
		assertThat(api().post("/api/v1/consultations/" + id + "/claim", first, "").status()).isEqualTo(200);
		assertThat(api().post("/api/v1/consultations/" + id + "/claim", second, "").status()).isEqualTo(409);
		assertThat(api().post("/api/v1/consultations/" + id + "/respond", second, map("decision", "approved")).status())
			.isEqualTo(409);
		assertThat(api().post("/api/v1/consultations/" + id + "/unclaim", second, "").status()).isEqualTo(409);
		Result unclaimed = api().post("/api/v1/consultations/" + id + "/unclaim", first, "");
		assertThat(unclaimed.status()).isEqualTo(200);
		assertThat(unclaimed.json().get("assignee").isNull()).isTrue();
		assertThat(api().post("/api/v1/consultations/" + id + "/claim", second, "").status()).isEqualTo(200);
	}

	@Test
	void terminalConsultationsConflict() {
		String group = uniqueId("team");
		String reviewer = newReviewer(uniqueId("rev"), group);
		String agent = newAgent();
		String id = create(agent, map("title", "Cancelled", "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		api().post("/api/v1/consultations/" + id + "/cancel", agent, "");
		assertThat(
				api().post("/api/v1/consultations/" + id + "/respond", reviewer, map("decision", "approved")).status())
			.isEqualTo(409);
		assertThat(api().post("/api/v1/consultations/" + id + "/claim", reviewer, "").status()).isEqualTo(409);
		JsonNode history = api().get("/api/v1/review/consultations?state=cancelled", reviewer).json();
		assertThat(history.get("items")).extracting((item) -> item.get("id").asText()).contains(id);
	}

	@Test
	void reviewerEndpointsNeedAReviewerAccount() {
		String agent = newAgent();
		assertThat(api().get("/api/v1/review/consultations", null).status()).isEqualTo(401);
		assertThat(api().get("/api/v1/review/consultations", agent).status()).isEqualTo(403);
		// A wrong password locks the account briefly (Camunda's brute-force delay): use a
		// throwaway.
		String userId = uniqueId("locked");
		newReviewer(userId, "reviewers");
		assertThat(api().get("/api/v1/review/consultations", dev.hitl.HttpApi.basic(userId, "wrong")).status())
			.isEqualTo(401);
		assertThat(api().get("/api/v1/review/consultations?state=bogus", ADMIN_AUTH).status()).isEqualTo(400);
	}

}
