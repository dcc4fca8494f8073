package dev.hitl.consultation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.hitl.consultation.Consultation.Response;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import static dev.hitl.consultation.ConsultationRows.ts;

/**
 * The reviewer-facing reads of the {@code consultation} table: filtered lists, counts and
 * the aggregates of the portal's insights. Plain SQL that runs on H2 and PostgreSQL.
 */
@Repository
class ConsultationSearch {

	private final JdbcTemplate jdbc;

	private final ConsultationRows rows;

	ConsultationSearch(JdbcTemplate jdbc, ConsultationRows rows) {
		this.jdbc = jdbc;
		this.rows = rows;
	}

	List<Consultation> find(ReviewerScope scope, ConsultationQuery query, int limit, int offset) {
		ConsultationWhere where = where(scope, query);
		where.args.add(limit);
		where.args.add(offset);
		return this.jdbc.query("select " + ConsultationRows.COLUMNS + " from consultation c" + where.sql
				+ orderBy(query.order()) + " limit ? offset ?", this.rows::map, where.args.toArray());
	}

	long count(ReviewerScope scope, ConsultationQuery query) {
		ConsultationWhere where = where(scope, query);
		return this.jdbc.queryForObject("select count(*) from consultation c" + where.sql, Long.class,
				where.args.toArray());
	}

	List<Consultation> findFailedDeliveries(int limit, int offset) {
		return this.jdbc.query("select " + ConsultationRows.COLUMNS
				+ " from consultation c where c.callback_status = 'failed' order by c.updated_at desc, c.id desc "
				+ "limit ? offset ?", this.rows::map, limit, offset);
	}

	long countFailedDeliveries() {
		return this.jdbc.queryForObject("select count(*) from consultation c where c.callback_status = 'failed'",
				Long.class);
	}

	Map<String, Long> countByState(ReviewerScope scope) {
		ConsultationWhere where = where(scope, new ConsultationQuery(null, null, null, null, null, null, null));
		Map<String, Long> counts = new LinkedHashMap<>();
		this.jdbc.query("select c.state, count(*) as n from consultation c" + where.sql + " group by c.state", (rs) -> {
			counts.put(rs.getString("state"), rs.getLong("n"));
		}, where.args.toArray());
		return counts;
	}

	/** Pending consultations per assignee; unclaimed ones under the key {@code null}. */
	Map<String, Long> pendingByAssignee(ReviewerScope scope) {
		ConsultationWhere where = where(scope,
				new ConsultationQuery(List.of(Consultation.PENDING), null, null, null, null, null, null));
		Map<String, Long> counts = new LinkedHashMap<>();
		this.jdbc.query("select c.assignee, count(*) as n from consultation c" + where.sql
				+ " group by c.assignee order by count(*) desc", (rs) -> {
					counts.put(rs.getString("assignee"), rs.getLong("n"));
				}, where.args.toArray());
		return counts;
	}

	/**
	 * Consultations that ended (answered, timed out, cancelled) at or after the instant,
	 * latest first; {@code updated_at} of an ended consultation is when it ended.
	 */
	List<ConsultationStatistics.Ended> endedSince(ReviewerScope scope, Instant since, int limit) {
		ConsultationWhere where = where(scope, new ConsultationQuery(List.of("responded", "timed_out", "cancelled"),
				null, null, null, null, null, null));
		where.and("c.updated_at >= ?", ts(since));
		where.args.add(limit);
		return this.jdbc.query("select c.state, c.created_at, c.updated_at, c.process_key, c.response_type, "
				+ "c.escalated_at, c.response_json from consultation c" + where.sql
				+ " order by c.updated_at desc, c.id desc limit ?", this::ended, where.args.toArray());
	}

	private ConsultationStatistics.Ended ended(ResultSet rs, int row) throws SQLException {
		String state = rs.getString("state");
		Response response = this.rows.storedResponse(rs.getString("response_json"), null);
		return new ConsultationStatistics.Ended(state, rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant(), rs.getString("process_key"), rs.getString("response_type"),
				(response != null) ? response.decision() : null, Outcomes.decidedBy(state, response),
				(response != null) ? response.respondedBy() : null, rs.getTimestamp("escalated_at") != null);
	}

	private static ConsultationWhere where(ReviewerScope scope, ConsultationQuery query) {
		ConsultationWhere where = new ConsultationWhere();
		if (!query.states().isEmpty()) {
			where.and("c.state in (" + String.join(", ", Collections.nCopies(query.states().size(), "?")) + ")",
					query.states().toArray());
		}
		if (query.priority() != null) {
			where.and("c.priority = ?", query.priority());
		}
		if (query.text() != null && !query.text().isBlank()) {
			String pattern = "%" + escapeLike(query.text().strip().toLowerCase(Locale.ROOT)) + "%";
			where.and("(lower(c.title) like ? escape '\\' or lower(c.external_ref) like ? escape '\\')", pattern,
					pattern);
		}
		if (query.assignee() != null) {
			where.and("c.assignee = ?", query.assignee());
		}
		if (query.updatedAfter() != null) {
			where.and("c.updated_at > ?", ts(query.updatedAfter()));
		}
		if (query.createdAfter() != null) {
			where.and("c.created_at > ?", ts(query.createdAfter()));
		}
		if (!scope.everyone()) {
			where.reviewer(scope.userId(), scope.groups());
		}
		return where;
	}

	private static String orderBy(ConsultationQuery.Order order) {
		return switch (order) {
			case URGENT_FIRST -> " order by case c.priority when 'urgent' then 0 when 'high' then 1 "
					+ "when 'normal' then 2 else 3 end, c.created_at desc, c.id desc";
			case NEWEST_FIRST -> " order by c.created_at desc, c.id desc";
			case RECENTLY_UPDATED -> " order by c.updated_at desc, c.id desc";
		};
	}

	static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
