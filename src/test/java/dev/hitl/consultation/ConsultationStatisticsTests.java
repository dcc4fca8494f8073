package dev.hitl.consultation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.consultation.ConsultationStatistics.Figures;
import dev.hitl.consultation.ReviewOutcomes.Group;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The insights figures from the real query over a seeded week ({@link SeededWeek}), on an
 * H2 database of its own; {@link ConsultationStatisticsPostgresIntegrationTests} runs the
 * same on PostgreSQL.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("test")
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:consultation-statistics;DB_CLOSE_DELAY=-1")
@ImportAutoConfiguration(JacksonAutoConfiguration.class)
@Import({ ConsultationStatistics.class, ConsultationSearch.class, ConsultationRepository.class, ConsultationRows.class,
		ConsultationSignals.class, ConsultationExport.class, ConsultationStatisticsTests.Clocks.class })
class ConsultationStatisticsTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ObjectMapper json;

	@Autowired
	ConsultationStatistics statistics;

	@Autowired
	ConsultationExport export;

	@Autowired
	ConsultationSearch search;

	@BeforeEach
	void seedTheWeek() {
		SeededWeek.seed(this.jdbc, this.json);
	}

	@Test
	void everyFigureOfTheSeededWeekIsExact() {
		Figures figures = this.statistics.figures(ReviewerScope.all(), SeededWeek.WINDOW_START);
		assertThat(figures.cut()).isFalse();
		assertThat(figures.countsByState()).containsEntry("pending", 2L)
			.containsEntry("responded", 29L)
			.containsEntry("timed_out", 12L)
			.containsEntry("cancelled", 2L);
		assertThat(figures.ended()).hasSize(42);
		ReviewOutcomes outcomes = figures.outcomes();
		assertThat(outcomes.overall()).isEqualTo(outcomes(40, 33, 28, 14, 22, 60, 180, 7, 5, 7));
		assertThat(outcomes.byProcess()).containsExactly(
				new Group(SeededWeek.GENERAL, outcomes(24, 20, 18, 9, 14, 50, 130, 4, 2, 4)),
				new Group(SeededWeek.REFUNDS, outcomes(16, 13, 10, 5, 8, 60, 180, 3, 3, 3)));
		assertThat(outcomes.byReviewer()).containsExactly(
				new Group("rita", outcomes(12, 12, 12, 10, 12, 36, 70, 0, 0, 1)),
				new Group("sam", outcomes(8, 8, 8, 3, 6, 35, 150, 0, 0, 0)),
				new Group("tom", outcomes(8, 8, 8, 1, 4, 120, 240, 0, 0, 3)));
		assertThat(outcomes.overall().approvalRate()).isEqualTo(14 / 22.0);
		assertThat(outcomes.overall().expiredShare()).isEqualTo(0.175);
		assertThat(outcomes.overall().timeoutShare()).isEqualTo(0.125);
		print(outcomes);
	}

	@Test
	void aReviewerSeesTheFiguresOfTheConsultationsTheyReview() {
		ReviewOutcomes outcomes = this.statistics
			.figures(ReviewerScope.of("zoe", List.of("refunds")), SeededWeek.WINDOW_START)
			.outcomes();
		assertThat(outcomes.overall()).isEqualTo(outcomes(16, 13, 10, 5, 8, 60, 180, 3, 3, 3));
		assertThat(outcomes.byProcess()).extracting(Group::name).containsExactly(SeededWeek.REFUNDS);
		assertThat(outcomes.byReviewer()).extracting(Group::name).containsExactly("rita", "tom", "sam");
	}

	@Test
	void theBoundKeepsTheLatestEndedAndSaysItCutTheRest() {
		Figures figures = new ConsultationStatistics(this.search, 10).figures(ReviewerScope.all(),
				SeededWeek.WINDOW_START);
		assertThat(figures.cut()).isTrue();
		assertThat(figures.ended()).hasSize(10)
			.extracting(ConsultationStatistics.Ended::endedAt)
			.isSortedAccordingTo(java.util.Comparator.reverseOrder())
			.first()
			.isEqualTo(Instant.parse("2026-11-23T09:34:00Z"));
		assertThat(
				new ConsultationStatistics(this.search, 42).figures(ReviewerScope.all(), SeededWeek.WINDOW_START).cut())
			.isFalse();
	}

	@Test
	void nothingEndedMeansNoFiguresRatherThanZeroes() {
		ReviewOutcomes outcomes = this.statistics
			.figures(ReviewerScope.of("nobody", List.of("nogroup")), SeededWeek.WINDOW_START)
			.outcomes();
		assertThat(outcomes.overall()).isEqualTo(new Outcomes(0, 0, 0, 0, 0, null, null, 0, 0, 0));
		assertThat(outcomes.overall().approvalRate()).isNull();
		assertThat(outcomes.overall().expiredShare()).isNull();
		assertThat(outcomes.byProcess()).isEmpty();
		assertThat(outcomes.byReviewer()).isEmpty();
	}

	/**
	 * Outside the test's transaction, as a request calls it: PostgreSQL streams by the
	 * fetch size only inside a transaction. The seeded rows committed, so they go again.
	 */
	@Test
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	void theExportHandsOverTheRangesEndedConsultationsOneByOneInAReadOnlyTransaction() {
		List<ExportedConsultation> rows = new ArrayList<>();
		List<Boolean> readOnly = new ArrayList<>();
		try {
			this.export.forEachEnded(SeededWeek.WINDOW_START, SeededWeek.WINDOW_START.plus(Duration.ofDays(1)),
					(row) -> {
						rows.add(row);
						readOnly.add(TransactionSynchronizationManager.isActualTransactionActive()
								&& TransactionSynchronizationManager.isCurrentTransactionReadOnly());
					});
		}
		finally {
			this.jdbc.update("delete from consultation");
		}
		// The first UTC day of the window: rows 0, 7, 14, ..., 35 of the week.
		assertThat(rows).hasSize(6).extracting(ExportedConsultation::endedAt).isSorted();
		assertThat(readOnly).containsOnly(true);
		assertThat(rows.get(0)).satisfies((row) -> {
			assertThat(row.process()).isEqualTo(SeededWeek.GENERAL);
			assertThat(row.decision()).isEqualTo("approved");
			assertThat(row.decidedBy()).isEqualTo("reviewer");
			assertThat(row.respondedBy()).isEqualTo("rita");
			assertThat(row.channel()).isEqualTo("portal");
			assertThat(row.endedAt()).isEqualTo(Instant.parse("2026-11-17T09:00:00Z"));
			assertThat(row.createdAt()).isEqualTo(Instant.parse("2026-11-17T08:50:00Z"));
		});
		assertThat(rows).extracting(ExportedConsultation::state)
			.containsExactly("responded", "responded", "responded", "timed_out", "responded", "timed_out");
	}

	private static Outcomes outcomes(int ended, int decided, int byPerson, int approved, int approvalDecisions,
			int medianMinutes, int p90Minutes, int expired, int byTimeout, int escalated) {
		return new Outcomes(ended, decided, byPerson, approved, approvalDecisions, Duration.ofMinutes(medianMinutes),
				Duration.ofMinutes(p90Minutes), expired, byTimeout, escalated);
	}

	/** The seeded week's figures, for the record. */
	private void print(ReviewOutcomes outcomes) {
		StringBuilder table = new StringBuilder(getClass().getSimpleName() + " seeded week:\n");
		table.append(String.format("%-16s %5s %7s %8s %9s %7s %5s %8s %8s %9s%n", "", "ended", "decided", "byPerson",
				"approval%", "median", "p90", "expired%", "timeout%", "escalated"));
		line(table, "overall", outcomes.overall());
		outcomes.byProcess().forEach((group) -> line(table, group.name(), group.outcomes()));
		outcomes.byReviewer().forEach((group) -> line(table, "by " + group.name(), group.outcomes()));
		System.out.print(table);
	}

	private static void line(StringBuilder table, String name, Outcomes o) {
		table.append(String.format("%-16s %5d %7d %8d %9s %7s %5s %8s %8s %9d%n", name, o.ended(), o.decided(),
				o.byPerson(), percent(o.approvalRate()), o.median().toMinutes() + "m", o.p90().toMinutes() + "m",
				percent(o.expiredShare()), percent(o.timeoutShare()), o.escalated()));
	}

	private static String percent(Double ratio) {
		return (ratio != null) ? String.format(java.util.Locale.ROOT, "%.1f", ratio * 100) : "-";
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		ChangeClock changeClock() {
			return new LocalChangeClock(java.time.Clock.systemUTC());
		}

	}

}
