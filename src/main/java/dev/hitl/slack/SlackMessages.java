package dev.hitl.slack;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The table {@code slack_message}: what was sent to whom, and its pending update. */
@Repository
class SlackMessages {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	SlackMessages(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** The reviewers (user ids) who already have a message of this consultation. */
	Set<String> sentTo(UUID consultationId) {
		return Set.copyOf(this.jdbc.queryForList("select reviewer from slack_message where consultation_id = ?",
				String.class, consultationId));
	}

	/** Records a sent message; false when another worker recorded one for them first. */
	boolean record(UUID consultationId, String reviewer, String channel, String ts) {
		try {
			this.jdbc.update(
					"insert into slack_message (consultation_id, reviewer, channel, ts, sent_at) values (?, ?, ?, ?, ?)",
					consultationId, reviewer, channel, ts, now());
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/** Marks every message of the consultation for an update to how it ended. */
	int markEnded(UUID consultationId, String state) {
		return this.jdbc.update(
				"update slack_message set ended_state = ?, next_attempt_at = ? where consultation_id = ? and ended_state is null",
				state, now(), consultationId);
	}

	/** Messages whose update is due, oldest first. */
	List<Message> dueUpdates(UUID consultationId, int limit) {
		String sql = "select consultation_id, reviewer, channel, ts, ended_state, attempts from slack_message "
				+ "where ended_state is not null and updated_at is null and next_attempt_at <= ?"
				+ ((consultationId != null) ? " and consultation_id = ?" : "")
				+ " order by next_attempt_at fetch first " + limit + " rows only";
		Object[] args = (consultationId != null) ? new Object[] { now(), consultationId } : new Object[] { now() };
		return this.jdbc.query(sql, (row, index) -> new Message(row.getObject(1, UUID.class), row.getString(2),
				row.getString(3), row.getString(4), row.getString(5), row.getInt(6)), args);
	}

	/**
	 * Takes a due update for one attempt by moving its next attempt on: another node's
	 * sweep does not take it meanwhile.
	 */
	boolean claim(Message message, Duration hold) {
		return this.jdbc.update(
				"update slack_message set next_attempt_at = ?, attempts = attempts + 1 where consultation_id = ? "
						+ "and reviewer = ? and updated_at is null and next_attempt_at <= ?",
				Timestamp.from(this.clock.instant().plus(hold)), message.consultationId(), message.reviewer(),
				now()) == 1;
	}

	void updated(Message message) {
		this.jdbc.update("update slack_message set updated_at = ? where consultation_id = ? and reviewer = ?", now(),
				message.consultationId(), message.reviewer());
	}

	void retryAt(Message message, Instant at) {
		this.jdbc.update("update slack_message set next_attempt_at = ? where consultation_id = ? and reviewer = ?",
				Timestamp.from(at), message.consultationId(), message.reviewer());
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

	record Message(UUID consultationId, String reviewer, String channel, String ts, String endedState, int attempts) {
	}

}
