package dev.hitl.consultation;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.hitl.consultation.ConsultationStatistics.Ended;

/**
 * How the reviews that ended (answered or timed out; cancelled ones are the agent's
 * withdrawal, not an outcome) came out: overall, per process and per reviewer who
 * decided, busiest first.
 */
public record ReviewOutcomes(Outcomes overall, List<Group> byProcess, List<Group> byReviewer) {

	static ReviewOutcomes of(List<Ended> ended) {
		List<Ended> reviews = ended.stream().filter(Ended::isReview).toList();
		List<Ended> answered = reviews.stream().filter((row) -> row.respondedBy() != null).toList();
		return new ReviewOutcomes(Outcomes.of(reviews), groups(reviews, Ended::process),
				groups(answered, Ended::respondedBy));
	}

	private static List<Group> groups(List<Ended> rows, Function<Ended, String> key) {
		Map<String, List<Ended>> grouped = rows.stream()
			.collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.toList()));
		return grouped.entrySet()
			.stream()
			.map((entry) -> new Group(entry.getKey(), Outcomes.of(entry.getValue())))
			.sorted(Comparator.comparingInt((Group group) -> group.outcomes().ended())
				.reversed()
				.thenComparing(Group::name))
			.toList();
	}

	/** A process definition key or a reviewer's user id, and its figures. */
	public record Group(String name, Outcomes outcomes) {
	}

}
