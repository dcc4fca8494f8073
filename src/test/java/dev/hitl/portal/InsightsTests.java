package dev.hitl.portal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.hitl.consultation.ConsultationStatistics.Ended;
import dev.hitl.consultation.ConsultationStatistics.Figures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InsightsTests {

	private static final Instant NOW = Instant.parse("2026-11-23T15:00:00Z");

	@Test
	void percentilesUseTheNearestRank() {
		List<Duration> minutes = IntStream.rangeClosed(1, 10).mapToObj(Duration::ofMinutes).toList();
		assertThat(Insights.percentile(minutes, 50)).isEqualTo(Duration.ofMinutes(5));
		assertThat(Insights.percentile(minutes, 90)).isEqualTo(Duration.ofMinutes(9));
		assertThat(Insights.percentile(List.of(Duration.ofSeconds(7)), 90)).isEqualTo(Duration.ofSeconds(7));
		assertThat(Insights.percentile(List.of(), 50)).isNull();
	}

	@Test
	void answeredAndTimedOutAreCountedPerUtcDayOfTheLastSeven() {
		Instant start = Insights.windowStart(NOW);
		assertThat(start).isEqualTo(Instant.parse("2026-11-17T00:00:00Z"));
		Figures figures = new Figures(Map.of("pending", 4L, "responded", 3L), List.of(
				answered("2026-11-23T14:00:00Z", Duration.ofMinutes(10)),
				answered("2026-11-23T00:00:00Z", Duration.ofMinutes(30)),
				answered("2026-11-17T00:00:01Z", Duration.ofHours(2)),
				ended("timed_out", Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-21T08:00:00Z")),
				ended("cancelled", Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-21T09:00:00Z"))),
				Map.of("rita", 2L), false);
		Insights insights = Insights.of(figures, NOW);
		assertThat(insights.days()).hasSize(7);
		assertThat(insights.days().get(0).date()).isEqualTo(LocalDate.parse("2026-11-17"));
		assertThat(insights.days().get(0).answered()).isEqualTo(1);
		assertThat(insights.days().get(4).timedOut()).isEqualTo(1);
		assertThat(insights.days().get(6).answered()).isEqualTo(2);
		assertThat(insights.answered()).isEqualTo(3);
		assertThat(insights.median()).isEqualTo(Duration.ofMinutes(30));
		assertThat(insights.p90()).isEqualTo(Duration.ofHours(2));
		assertThat(insights.states()).extracting(Insights.StateCount::count).containsExactly(4L, 3L, 0L, 0L);
		assertThat(insights.load()).containsExactly(new Insights.Load("rita", 2L));
		assertThat(insights.cut()).isFalse();
		assertThat(insights.outcomes().overall().ended()).isEqualTo(4);
		assertThat(insights.outcomes().overall().expired()).isEqualTo(1);
		assertThat(insights.outcomes().byReviewer()).singleElement()
			.satisfies((group) -> assertThat(group.outcomes().byPerson()).isEqualTo(3));
	}

	@Test
	void ratesReadAsPercentagesAndMissingFiguresAsADash() {
		Insights insights = Insights.of(new Figures(Map.of(), List.of(), Map.of(), true), NOW);
		assertThat(insights.cut()).isTrue();
		assertThat(insights.percent(14 / 22.0)).isEqualTo("63.6 %");
		assertThat(insights.percent(0.1875)).isEqualTo("18.8 %");
		assertThat(insights.percent(0.0)).isEqualTo("0.0 %");
		assertThat(insights.percent(1.0)).isEqualTo("100.0 %");
		assertThat(insights.percent(null)).isEqualTo("—");
		assertThat(insights.duration(Duration.ofMinutes(130))).isEqualTo("2 h 10 min");
		assertThat(insights.duration(null)).isEqualTo("—");
		assertThat(insights.outcomes().overall().median()).isNull();
		assertThat(insights.outcomes().byProcess()).isEmpty();
	}

	@Test
	void theChartScalesToARoundMaximumAndStaysInsideItsPlot() {
		assertThat(BarChart.niceMaximum(0)).isEqualTo(4);
		assertThat(BarChart.niceMaximum(5)).isEqualTo(8);
		assertThat(BarChart.niceMaximum(9)).isEqualTo(20);
		assertThat(BarChart.niceMaximum(41)).isEqualTo(80);
		assertThat(BarChart.niceMaximum(170)).isEqualTo(200);
		List<Insights.Day> days = IntStream.range(0, 7)
			.mapToObj((i) -> new Insights.Day(LocalDate.parse("2026-11-17").plusDays(i), i * 3L, i))
			.toList();
		BarChart chart = BarChart.of(days);
		assertThat(chart.max()).isEqualTo(20);
		assertThat(chart.groups()).hasSize(7).allSatisfy((group) -> {
			assertThat(group.answered().y() + group.answered().height()).isEqualTo(chart.baseline());
			assertThat(group.answered().height()).isBetween(0.0, (double) chart.plotHeight());
			assertThat(group.timedOut().x()).isGreaterThan(group.answered().x());
			assertThat(group.timedOut().x() + group.timedOut().width()).isLessThanOrEqualTo(chart.right());
		});
		assertThat(chart.groups().get(6).answered().height()).isEqualTo(chart.plotHeight() * 18 / 20.0);
		assertThat(chart.ticks()).extracting(BarChart.Tick::value).containsExactly(0L, 5L, 10L, 15L, 20L);
	}

	private static Ended answered(String at, Duration after) {
		Instant ended = Instant.parse(at);
		return new Ended("responded", ended.minus(after), ended, "consultation", "approval", "approved", "reviewer",
				"rita", false);
	}

	private static Ended ended(String state, Instant created, Instant ended) {
		return new Ended(state, created, ended, "consultation", "approval", null, null, null, false);
	}

}
