package dev.hitl.consultation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.hitl.consultation.ConsultationStatistics.Ended;

/**
 * The figures of a set of ended reviews. Rates and shares are null where nothing could
 * count towards them, so "none" never reads as 0 %.
 *
 * @param ended answered or timed out
 * @param decided ended with an outcome: a reviewer's answer or the timeout's default
 * @param byPerson decided by a reviewer ({@code decided_by: "reviewer"})
 * @param approved approvals a reviewer decided as approved
 * @param approvalDecisions approvals a reviewer decided, approved or rejected
 * @param median median time from creation to the outcome, over the decided ones
 * @param p90 90th percentile (nearest rank) of the same
 * @param expired timed out without a default decision
 * @param byTimeout decided by the timeout's default ({@code decided_by: "timeout"})
 * @param escalated escalated before they ended
 */
public record Outcomes(int ended, int decided, int byPerson, int approved, int approvalDecisions, Duration median,
		Duration p90, int expired, int byTimeout, int escalated) {

	static Outcomes of(List<Ended> reviews) {
		int byPerson = 0;
		int approved = 0;
		int approvalDecisions = 0;
		int byTimeout = 0;
		int escalated = 0;
		int expired = 0;
		List<Duration> times = new ArrayList<>();
		for (Ended row : reviews) {
			boolean person = ProcessProgress.DECIDED_BY_REVIEWER.equals(row.decidedBy());
			if (person || ProcessProgress.DECIDED_BY_TIMEOUT.equals(row.decidedBy())) {
				times.add(Duration.between(row.createdAt(), row.endedAt()));
			}
			byPerson += person ? 1 : 0;
			byTimeout += ProcessProgress.DECIDED_BY_TIMEOUT.equals(row.decidedBy()) ? 1 : 0;
			escalated += row.escalated() ? 1 : 0;
			expired += ("timed_out".equals(row.state()) && row.decidedBy() == null) ? 1 : 0;
			if (person && "approval".equals(row.responseType()) && row.decision() != null) {
				approvalDecisions++;
				approved += "approved".equals(row.decision()) ? 1 : 0;
			}
		}
		times.sort(null);
		return new Outcomes(reviews.size(), times.size(), byPerson, approved, approvalDecisions, nearestRank(times, 50),
				nearestRank(times, 90), expired, byTimeout, escalated);
	}

	/**
	 * {@code reviewer}, {@code timeout} or null without an outcome. A consultation
	 * answered before review policies recorded who decided was decided by a reviewer.
	 */
	static String decidedBy(String state, Consultation.Response response) {
		if (response != null && response.decidedBy() != null) {
			return response.decidedBy();
		}
		return "responded".equals(state) ? ProcessProgress.DECIDED_BY_REVIEWER : null;
	}

	/** Nearest-rank percentile of sorted values; null for none. */
	public static Duration nearestRank(List<Duration> sorted, int percent) {
		if (sorted.isEmpty()) {
			return null;
		}
		int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
		return sorted.get(Math.max(0, rank - 1));
	}

	/** Approved of the approvals a reviewer decided; null without any. */
	public Double approvalRate() {
		return ratio(this.approved, this.approvalDecisions);
	}

	/** Timed out without a default decision, of those ended; null without any. */
	public Double expiredShare() {
		return ratio(this.expired, this.ended);
	}

	/** Decided by the timeout's default, of those ended; null without any. */
	public Double timeoutShare() {
		return ratio(this.byTimeout, this.ended);
	}

	private static Double ratio(int part, int whole) {
		return (whole > 0) ? (double) part / whole : null;
	}

}
