package dev.hitl.consultation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import dev.hitl.consultation.ConsultationStatistics.Ended;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomesTests {

	private static final Instant END = Instant.parse("2026-11-23T12:00:00Z");

	@Test
	void percentilesUseTheNearestRank() {
		List<Duration> minutes = IntStream.rangeClosed(1, 10).mapToObj(Duration::ofMinutes).toList();
		assertThat(Outcomes.nearestRank(minutes, 50)).isEqualTo(Duration.ofMinutes(5));
		assertThat(Outcomes.nearestRank(minutes, 90)).isEqualTo(Duration.ofMinutes(9));
		assertThat(Outcomes.nearestRank(minutes.subList(0, 3), 50)).isEqualTo(Duration.ofMinutes(2));
		assertThat(Outcomes.nearestRank(minutes.subList(0, 3), 90)).isEqualTo(Duration.ofMinutes(3));
		assertThat(Outcomes.nearestRank(List.of(Duration.ofSeconds(7)), 90)).isEqualTo(Duration.ofSeconds(7));
		assertThat(Outcomes.nearestRank(List.of(), 50)).isNull();
	}

	@Test
	void timesCountDecidedReviewsOnlyAndRatesCountAReviewersApprovals() {
		Outcomes outcomes = Outcomes.of(List.of(answered("approved", 10), answered("rejected", 30),
				answered("approved", 20), choice(5), timeoutDecided(240), expired(240, true)));
		assertThat(outcomes)
			.isEqualTo(new Outcomes(6, 5, 4, 2, 3, Duration.ofMinutes(20), Duration.ofMinutes(240), 1, 1, 1));
		assertThat(outcomes.approvalRate()).isEqualTo(2 / 3.0);
		assertThat(outcomes.expiredShare()).isEqualTo(1 / 6.0);
		assertThat(outcomes.timeoutShare()).isEqualTo(1 / 6.0);
	}

	@Test
	void aTimeoutsDefaultApprovalIsNoReviewersApproval() {
		Outcomes outcomes = Outcomes.of(List.of(timeoutDecided(60), timeoutDecided(60)));
		assertThat(outcomes.approvalDecisions()).isZero();
		assertThat(outcomes.approvalRate()).isNull();
		assertThat(outcomes.byTimeout()).isEqualTo(2);
		assertThat(outcomes.timeoutShare()).isEqualTo(1.0);
		assertThat(outcomes.median()).isEqualTo(Duration.ofMinutes(60));
	}

	@Test
	void onlyExpiredReviewsHaveNoTimes() {
		Outcomes outcomes = Outcomes.of(List.of(expired(60, false)));
		assertThat(outcomes.decided()).isZero();
		assertThat(outcomes.median()).isNull();
		assertThat(outcomes.p90()).isNull();
		assertThat(outcomes.expiredShare()).isEqualTo(1.0);
	}

	@Test
	void noReviewsGiveNoRatesRatherThanZero() {
		Outcomes outcomes = Outcomes.of(List.of());
		assertThat(outcomes).isEqualTo(new Outcomes(0, 0, 0, 0, 0, null, null, 0, 0, 0));
		assertThat(outcomes.approvalRate()).isNull();
		assertThat(outcomes.expiredShare()).isNull();
		assertThat(outcomes.timeoutShare()).isNull();
	}

	@Test
	void cancelledConsultationsAreNoOutcomeAndGroupsGoBusiestFirst() {
		Ended cancelled = new Ended("cancelled", END.minusSeconds(60), END, "b", "approval", null, null, null, true);
		ReviewOutcomes outcomes = ReviewOutcomes.of(List.of(cancelled, answered("approved", 1), choice(2),
				new Ended("responded", END.minusSeconds(60), END, "b", "text", null, "reviewer", "ann", false)));
		assertThat(outcomes.overall().ended()).isEqualTo(3);
		assertThat(outcomes.overall().escalated()).isZero();
		assertThat(outcomes.byProcess()).extracting(ReviewOutcomes.Group::name).containsExactly("a", "b");
		assertThat(outcomes.byReviewer()).extracting(ReviewOutcomes.Group::name).containsExactly("rita", "ann");
	}

	@Test
	void aConsultationAnsweredBeforeReviewPoliciesWasDecidedByAReviewer() {
		Consultation.Response legacy = new Consultation.Response("approved", null, null, null, "rita", END, "portal",
				null, null);
		assertThat(Outcomes.decidedBy("responded", legacy)).isEqualTo("reviewer");
		assertThat(Outcomes.decidedBy("timed_out", null)).isNull();
		assertThat(Outcomes.decidedBy("cancelled", null)).isNull();
	}

	private static Ended answered(String decision, int minutes) {
		return new Ended("responded", END.minus(Duration.ofMinutes(minutes)), END, "a", "approval", decision,
				"reviewer", "rita", false);
	}

	private static Ended choice(int minutes) {
		return new Ended("responded", END.minus(Duration.ofMinutes(minutes)), END, "a", "choice", null, "reviewer",
				"rita", false);
	}

	private static Ended timeoutDecided(int minutes) {
		return new Ended("timed_out", END.minus(Duration.ofMinutes(minutes)), END, "a", "approval", "approved",
				"timeout", null, false);
	}

	private static Ended expired(int minutes, boolean escalated) {
		return new Ended("timed_out", END.minus(Duration.ofMinutes(minutes)), END, "a", "approval", null, null, null,
				escalated);
	}

}
