package dev.hitl.consultation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Aggregates over the consultations a reader may see, for overviews such as insights. */
@Service
public class ConsultationStatistics {

	/** Enough for any overview of recent days; older rows are left out. */
	public static final int MAX_ENDED = 50_000;

	private final ConsultationSearch search;

	private final int bound;

	@Autowired
	ConsultationStatistics(ConsultationSearch search) {
		this(search, MAX_ENDED);
	}

	/** With another bound than {@link #MAX_ENDED}, for tests of the cut. */
	ConsultationStatistics(ConsultationSearch search, int bound) {
		this.search = search;
		this.bound = bound;
	}

	/** One consistent read of the figures. */
	@Transactional(readOnly = true)
	public Figures figures(ReviewerScope scope, Instant endedSince) {
		// One row more than the bound tells whether the bound left any out.
		List<Ended> ended = this.search.endedSince(scope, endedSince, this.bound + 1);
		boolean cut = ended.size() > this.bound;
		return new Figures(this.search.countByState(scope), cut ? List.copyOf(ended.subList(0, this.bound)) : ended,
				this.search.pendingByAssignee(scope), cut);
	}

	/**
	 * @param countsByState consultations per state
	 * @param ended consultations that ended since the given instant, latest first, at
	 * most {@link #MAX_ENDED}
	 * @param pendingByAssignee open consultations per assignee; unclaimed ones under
	 * {@code null}
	 * @param cut whether more than {@link #MAX_ENDED} ended since then, the earliest left
	 * out
	 */
	public record Figures(Map<String, Long> countsByState, List<Ended> ended, Map<String, Long> pendingByAssignee,
			boolean cut) {

		/** How the reviews that ended came out, overall, per process and per reviewer. */
		public ReviewOutcomes outcomes() {
			return ReviewOutcomes.of(this.ended);
		}

	}

	/**
	 * @param state {@code responded}, {@code timed_out} or {@code cancelled}
	 * @param endedAt when it was answered, timed out or cancelled
	 * @param process the process definition key it ran on
	 * @param decision {@code approved} or {@code rejected} for a decided approval, else
	 * null
	 * @param decidedBy {@code reviewer}, {@code timeout}, or null without an outcome
	 * @param respondedBy the reviewer whose answer decided it, or null
	 * @param escalated whether its review escalated before it ended
	 */
	public record Ended(String state, Instant createdAt, Instant endedAt, String process, String responseType,
			String decision, String decidedBy, String respondedBy, boolean escalated) {

		/** Answered or timed out: a review that came to an end, not one withdrawn. */
		public boolean isReview() {
			return "responded".equals(this.state) || "timed_out".equals(this.state);
		}

	}

}
