package dev.hitl.consultation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.hitl.consultation.Consultation.Response;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every consultation that ended in a time range, oldest first, handed over one row at a
 * time: an export of a year holds one row in memory, not the year.
 */
@Service
public class ConsultationExport {

	/**
	 * Rows fetched per round trip. PostgreSQL streams with a fetch size only inside a
	 * transaction (autocommit off); without one it would send the whole result at once.
	 */
	static final int FETCH_SIZE = 500;

	private static final String SELECT = "select c.id, c.process_key, c.title, c.priority, c.response_type, c.state, "
			+ "c.requested_by, c.owner, c.external_ref, c.created_at, c.updated_at, c.expires_at, c.escalated_at, "
			+ "c.approvals_required, c.response_json, c.approvals_json from consultation c "
			+ "where c.state in ('responded', 'timed_out', 'cancelled') and c.updated_at >= ? and c.updated_at < ? "
			+ "order by c.updated_at, c.id";

	private final JdbcTemplate jdbc;

	private final ConsultationRows rows;

	ConsultationExport(DataSource dataSource, ConsultationRows rows) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setFetchSize(FETCH_SIZE);
		this.rows = rows;
	}

	/**
	 * @param from first instant, inclusive
	 * @param until last instant, exclusive
	 * @param each called for every consultation that ended in between, oldest first
	 */
	@Transactional(readOnly = true)
	public void forEachEnded(Instant from, Instant until, Consumer<ExportedConsultation> each) {
		RowCallbackHandler handler = (rs) -> each.accept(exported(rs));
		this.jdbc.query(SELECT, handler, Timestamp.from(from), Timestamp.from(until));
	}

	private ExportedConsultation exported(ResultSet rs) throws SQLException {
		Response response = this.rows.storedResponse(rs.getString("response_json"), rs.getString("approvals_json"));
		boolean answered = response != null;
		return new ExportedConsultation(rs.getObject("id", UUID.class), rs.getString("process_key"),
				rs.getString("title"), rs.getString("priority"), rs.getString("response_type"), rs.getString("state"),
				answered ? response.decision() : null, answered ? response.choice() : null,
				Outcomes.decidedBy(rs.getString("state"), response), answered ? response.respondedBy() : null,
				answered ? response.channel() : null, rs.getString("requested_by"), rs.getString("owner"),
				rs.getString("external_ref"), instant(rs, "created_at"), instant(rs, "updated_at"),
				instant(rs, "expires_at"), instant(rs, "escalated_at"), rs.getInt("approvals_required"),
				(answered && response.approvals() != null) ? response.approvals().size() : 0);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

}
