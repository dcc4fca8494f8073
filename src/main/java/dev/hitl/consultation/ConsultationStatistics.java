package dev.hitl.consultation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Aggregates over the consultations a reader may see, for overviews such as insights. */
@Service
public class ConsultationStatistics {

	/** Enough for any overview of recent days; older rows are left out. */
	private static final int MAX_ENDED = 50_000;

	private final ConsultationSearch search;

	ConsultationStatistics(ConsultationSearch search) {
		this.search = search;
	}

	/** One consistent read of the figures. */
	@Transactional(readOnly = true)
	public Figures figures(ReviewerScope scope, Instant endedSince) {
		return new Figures(this.search.countByState(scope), this.search.endedSince(scope, endedSince, MAX_ENDED),
				this.search.pendingByAssignee(scope));
	}

	/**
	 * @param countsByState consultations per state
	 * @param ended consultations that ended since the given instant, latest first
	 * @param pendingByAssignee open consultations per assignee; unclaimed ones under
	 * {@code null}
	 */
	public record Figures(Map<String, Long> countsByState, List<Ended> ended, Map<String, Long> pendingByAssignee) {
	}

	/**
	 * @param state {@code responded}, {@code timed_out} or {@code cancelled}
	 * @param endedAt when it was answered, timed out or cancelled
	 */
	public record Ended(String state, Instant createdAt, Instant endedAt) {
	}

}
