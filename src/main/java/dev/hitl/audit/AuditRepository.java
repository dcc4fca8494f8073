package dev.hitl.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.system.PageRequest;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Inserts and reads {@code audit_event}; nothing here updates or deletes a row. */
@Repository
class AuditRepository {

	private static final String COLUMNS = "id, occurred_at, actor, actor_type, action, target_type, target_id, "
			+ "consultation_id, channel, client_address, details_json";

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	AuditRepository(JdbcTemplate jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(NewAuditEvent event) {
		this.jdbc.update("insert into audit_event (occurred_at, actor, actor_type, action, target_type, target_id, "
				+ "consultation_id, channel, client_address, details_json) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				Timestamp.from(event.occurredAt()), cut(event.actor().id(), 255), event.actor().type(), event.action(),
				event.targetType(), cut(event.targetId(), 255), event.consultationId(), cut(event.channel(), 32),
				cut(event.clientAddress(), 64), event.detailsJson());
	}

	List<AuditEvent> find(AuditFilter filter, PageRequest page) {
		Where where = where(filter);
		where.args.add(page.pageSize());
		where.args.add(page.offset());
		return this.jdbc.query("select " + COLUMNS + " from audit_event" + where.sql
				+ " order by occurred_at desc, id desc limit ? offset ?", this::map, where.args.toArray());
	}

	long count(AuditFilter filter) {
		Where where = where(filter);
		return this.jdbc.queryForObject("select count(*) from audit_event" + where.sql, Long.class,
				where.args.toArray());
	}

	private static Where where(AuditFilter filter) {
		Where where = new Where();
		if (filter.consultationId() != null) {
			where.and("consultation_id = ?", filter.consultationId());
		}
		if (filter.actor() != null) {
			where.and("actor = ?", filter.actor());
		}
		if (filter.action() != null) {
			where.and("action = ?", filter.action());
		}
		if (filter.from() != null) {
			where.and("occurred_at >= ?", Timestamp.from(filter.from()));
		}
		if (filter.to() != null) {
			where.and("occurred_at < ?", Timestamp.from(filter.to()));
		}
		return where;
	}

	private AuditEvent map(ResultSet rs, int row) throws SQLException {
		try {
			return new AuditEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"),
					rs.getString("actor_type"), rs.getString("action"), rs.getString("target_type"),
					rs.getString("target_id"), rs.getObject("consultation_id", UUID.class), rs.getString("channel"),
					rs.getString("client_address"), this.json.readTree(rs.getString("details_json")));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored audit details are unreadable", ex);
		}
	}

	private static String cut(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

	private static final class Where {

		private final StringBuilder sql = new StringBuilder();

		private final List<Object> args = new ArrayList<>();

		void and(String condition, Object value) {
			this.sql.append(this.sql.isEmpty() ? " where " : " and ").append(condition);
			this.args.add(value);
		}

	}

}
