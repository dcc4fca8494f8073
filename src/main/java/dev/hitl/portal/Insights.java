package dev.hitl.portal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.hitl.consultation.ConsultationStatistics;
import dev.hitl.consultation.ConsultationStatistics.Ended;
import dev.hitl.consultation.ConsultationStatistics.Figures;
import dev.hitl.consultation.Outcomes;
import dev.hitl.consultation.ReviewOutcomes;

/**
 * The insights page's figures, worked out from the consultation module's aggregates:
 * counts by state, answered and timed out per day (UTC), time to answer and who holds the
 * open ones.
 *
 * @param median median time to answer over the window, or null without answers
 * @param p90 90th percentile time to answer (nearest rank), or null
 * @param outcomes how the reviews that ended in the window came out
 * @param cut whether the bound on rows read left the earliest of the window out
 */
record Insights(List<StateCount> states, List<Day> days, int answered, Duration median, Duration p90, List<Load> load,
		ReviewOutcomes outcomes, boolean cut) {

	static final int DAYS = 7;

	static final List<String> STATE_ORDER = List.of("pending", "responded", "timed_out", "cancelled");

	/** The first instant the daily figures cover: midnight UTC six days before today. */
	static Instant windowStart(Instant now) {
		return today(now).minusDays(DAYS - 1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	static Insights of(Figures figures, Instant now) {
		List<StateCount> states = STATE_ORDER.stream()
			.map((state) -> new StateCount(state, Formats.state(state),
					figures.countsByState().getOrDefault(state, 0L)))
			.toList();
		Map<LocalDate, long[]> perDay = new LinkedHashMap<>();
		LocalDate first = today(now).minusDays(DAYS - 1);
		for (int i = 0; i < DAYS; i++) {
			perDay.put(first.plusDays(i), new long[2]);
		}
		List<Duration> answerTimes = new ArrayList<>();
		for (Ended ended : figures.ended()) {
			long[] counts = perDay.get(ended.endedAt().atZone(ZoneOffset.UTC).toLocalDate());
			if (counts == null) {
				continue;
			}
			if ("responded".equals(ended.state())) {
				counts[0]++;
				answerTimes.add(Duration.between(ended.createdAt(), ended.endedAt()));
			}
			else if ("timed_out".equals(ended.state())) {
				counts[1]++;
			}
		}
		List<Day> days = perDay.entrySet()
			.stream()
			.map((entry) -> new Day(entry.getKey(), entry.getValue()[0], entry.getValue()[1]))
			.toList();
		answerTimes.sort(null);
		List<Load> load = figures.pendingByAssignee()
			.entrySet()
			.stream()
			.map((entry) -> new Load(entry.getKey(), entry.getValue()))
			.toList();
		return new Insights(states, days, answerTimes.size(), percentile(answerTimes, 50), percentile(answerTimes, 90),
				load, figures.outcomes(), figures.cut());
	}

	/** Nearest-rank percentile of sorted values; null for none. */
	static Duration percentile(List<Duration> sorted, int percent) {
		return Outcomes.nearestRank(sorted, percent);
	}

	public String medianText() {
		return (this.median != null) ? Formats.duration(this.median) : "—";
	}

	public String p90Text() {
		return (this.p90 != null) ? Formats.duration(this.p90) : "—";
	}

	/** A duration in words, "—" for none. */
	public String duration(Duration duration) {
		return (duration != null) ? Formats.duration(duration) : "—";
	}

	/** A rate or share as a percentage with one decimal, "—" where nothing counted. */
	public String percent(Double ratio) {
		return (ratio != null) ? String.format(Locale.ROOT, "%.1f %%", ratio * 100) : "—";
	}

	/** The most ended consultations the figures read. */
	public int bound() {
		return ConsultationStatistics.MAX_ENDED;
	}

	public BarChart chart() {
		return BarChart.of(this.days);
	}

	private static LocalDate today(Instant now) {
		return now.atZone(ZoneOffset.UTC).toLocalDate();
	}

	record StateCount(String state, String label, long count) {
	}

	record Day(LocalDate date, long answered, long timedOut) {

		public String label() {
			return this.date.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH) + " "
					+ this.date.getDayOfMonth();
		}

	}

	/**
	 * @param assignee who holds the open consultations; null for the unclaimed ones
	 */
	record Load(String assignee, long open) {
	}

}
