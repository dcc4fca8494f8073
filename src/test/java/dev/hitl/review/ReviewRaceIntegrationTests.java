package dev.hitl.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.HttpApi.Result;
import dev.hitl.ReviewTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rivals released at the same instant by a latch: answers against answers, against a
 * cancel, claims against claims, and claims mixed with answers. Exactly one wins each
 * race; every loser gets 409 saying what won, never a 5xx or a 400.
 */
class ReviewRaceIntegrationTests extends ReviewTestSupport {

	private final ExecutorService pool = Executors.newCachedThreadPool();

	@AfterEach
	void stopPool() {
		this.pool.shutdownNow();
	}

	@Test
	void tenSimultaneousAnswersByFiveReviewersRecordExactlyOne() throws Exception {
		Review review = review(5, Map.of());
		List<Callable<Result>> answers = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Person reviewer = review.reviewer(i % 5);
			String decision = (i % 2 == 0) ? "approved" : "rejected";
			answers.add(() -> respond(review, reviewer, decision));
		}
		List<Result> results = race(answers);

		Tally tally = tally("10 answers by 5 reviewers", statuses(results));
		assertThat(tally.ok()).as(results.toString()).isEqualTo(1);
		assertThat(tally.conflict()).as(results.toString()).isEqualTo(9);
		for (Result result : results) {
			if (result.status() == 409) {
				assertProblem(result, 409);
				assertThat(result.json().get("detail").asText()).isEqualTo("The consultation is already responded");
			}
		}
		String winner = results.stream()
			.filter((result) -> result.status() == 200)
			.findFirst()
			.orElseThrow()
			.json()
			.get("response")
			.get("responded_by")
			.asText();
		assertAnsweredBy(review, winner, "api");
	}

	@Test
	void anAnswerAndACancelAtTheSameInstantEndTheConsultationOnce() throws Exception {
		List<Integer> statuses = new ArrayList<>();
		for (int round = 0; round < 8; round++) {
			Review review = review(1, Map.of());
			String cancel = "/api/v1/consultations/" + review.id() + "/cancel";
			List<Result> results = race(List.of(() -> respond(review, review.reviewer(0), "approved"),
					() -> api().post(cancel, review.key().authorization(), map())));
			results.forEach((result) -> statuses.add(result.status()));
			Result answer = results.get(0);
			Result cancelled = results.get(1);
			assertThat(List.of(answer.status(), cancelled.status())).as(results.toString())
				.containsExactlyInAnyOrder(200, 409);
			String won = (answer.status() == 200) ? "responded" : "cancelled";
			Result loser = (answer.status() == 200) ? cancelled : answer;
			assertProblem(loser, 409);
			assertThat(loser.json().get("detail").asText()).isEqualTo("The consultation is already " + won);
			assertThat(get(review.key().authorization(), review.id()).get("state").asText()).isEqualTo(won);
			assertThat(terminalWebhook(review).get("type").asText()).isEqualTo("consultation." + won);
		}
		Tally tally = tally("answer vs cancel, 8 rounds", statuses);
		assertThat(tally.other()).isZero();
	}

	@Test
	void simultaneousClaimsLeaveOneReviewerHoldingIt() throws Exception {
		Review review = review(4, Map.of());
		String task = taskId(review.id());
		List<Callable<Result>> claims = new ArrayList<>();
		for (Person reviewer : review.reviewers()) {
			claims.add(() -> api().post("/api/v1/consultations/" + review.id() + "/claim", reviewer.authorization(),
					map()));
			claims.add(() -> api().post("/engine-rest/task/" + task + "/claim", reviewer.authorization(),
					map("userId", reviewer.id())));
		}
		List<Result> results = race(claims);

		Tally tally = tally("claim vs claim, 4 reviewers x (API + engine REST)", statuses(results));
		assertThat(tally.other()).as(results.toString()).isZero();
		JsonNode claimed = get(review.key().authorization(), review.id());
		String holder = claimed.get("assignee").asText();
		assertThat(holder).isIn(review.reviewers().stream().map(Person::id).toList());
		boolean holderSucceeded = false;
		for (int i = 0; i < results.size(); i++) {
			Person claimant = review.reviewer(i / 2);
			if (claimant.id().equals(holder)) {
				// The holder's second claim may have raced their first: claimed, or 409.
				holderSucceeded |= results.get(i).status() == 200 || results.get(i).status() == 204;
			}
			else {
				assertProblem(results.get(i), 409);
				assertThat(results.get(i).json().get("detail").asText())
					.isEqualTo("The consultation is claimed by another reviewer");
			}
		}
		assertThat(holderSucceeded).as(results.toString()).isTrue();
	}

	@Test
	void claimsAndAnswersMixedAtTheSameInstantNeverFail() throws Exception {
		List<Integer> statuses = new ArrayList<>();
		for (int round = 0; round < 5; round++) {
			Review review = review(4, Map.of());
			List<Callable<Result>> mix = new ArrayList<>();
			for (Person reviewer : review.reviewers()) {
				mix.add(() -> api().post("/api/v1/consultations/" + review.id() + "/claim", reviewer.authorization(),
						map()));
				mix.add(() -> respond(review, reviewer, "approved"));
			}
			List<Result> results = race(mix);
			results.forEach((result) -> statuses.add(result.status()));
			assertThat(results).as(results.toString()).allMatch((r) -> r.status() == 200 || r.status() == 409);
			List<Result> answered = new ArrayList<>();
			for (int i = 1; i < results.size(); i += 2) {
				if (results.get(i).status() == 200) {
					answered.add(results.get(i));
				}
			}
			assertThat(answered).as(results.toString()).hasSizeLessThanOrEqualTo(1);
			JsonNode consultation = get(review.key().authorization(), review.id());
			if (answered.isEmpty()) {
				assertThat(consultation.get("state").asText()).isEqualTo("pending");
			}
			else {
				assertThat(consultation.get("response").get("responded_by"))
					.isEqualTo(answered.get(0).json().get("response").get("responded_by"));
			}
		}
		Tally tally = tally("8 concurrent respond/claim mixes, 5 rounds", statuses);
		assertThat(tally.other()).isZero();
	}

	private Result respond(Review review, Person reviewer, String decision) {
		return api().post("/api/v1/consultations/" + review.id() + "/respond", reviewer.authorization(),
				map("decision", decision));
	}

	/** Starts every call, then releases them all at once; results in the calls' order. */
	private List<Result> race(List<Callable<Result>> calls) throws Exception {
		CountDownLatch ready = new CountDownLatch(calls.size());
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Result>> futures = new ArrayList<>();
		for (Callable<Result> call : calls) {
			futures.add(this.pool.submit(() -> {
				ready.countDown();
				go.await();
				return call.call();
			}));
		}
		assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
		go.countDown();
		List<Result> results = new ArrayList<>();
		for (Future<Result> future : futures) {
			results.add(future.get(120, TimeUnit.SECONDS));
		}
		return results;
	}

	private static List<Integer> statuses(List<Result> results) {
		return results.stream().map(Result::status).toList();
	}

}
