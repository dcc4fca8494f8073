package dev.hitl.emailaction;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code email_action_token} table (V13_1). */
@Repository
class ActionTokenRepository {

	private static final RowMapper<ActionToken> ROW = (rs, row) -> new ActionToken(rs.getString("token_hash"),
			rs.getObject("consultation_id", UUID.class), rs.getString("recipient"), rs.getString("template"),
			rs.getString("answer"), instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("used_at")),
			instant(rs.getTimestamp("expires_at")));

	private final JdbcTemplate jdbc;

	ActionTokenRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores the tokens of one rendering of an email, in place of the unused ones of its
	 * earlier renderings (a retried send): one email, one set of live links.
	 */
	@Transactional
	void replace(UUID consultationId, String recipient, String template, List<ActionToken> tokens) {
		this.jdbc.update("delete from email_action_token where consultation_id = ? and recipient = ? and template = ? "
				+ "and used_at is null", consultationId, recipient, template);
		this.jdbc.batchUpdate(
				"insert into email_action_token (token_hash, consultation_id, recipient, template, answer, "
						+ "created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?)",
				tokens, tokens.size(), (statement, token) -> {
					statement.setString(1, token.hash());
					statement.setObject(2, token.consultationId());
					statement.setString(3, token.recipient());
					statement.setString(4, token.template());
					statement.setString(5, token.answer());
					statement.setTimestamp(6, Timestamp.from(token.createdAt()));
					statement.setTimestamp(7, Timestamp.from(token.expiresAt()));
				});
	}

	Optional<ActionToken> find(String hash) {
		return this.jdbc.query("select * from email_action_token where token_hash = ?", ROW, hash).stream().findFirst();
	}

	/**
	 * Takes the token for one answer: of two requests that race for it, exactly one gets
	 * it.
	 */
	boolean use(String hash, Instant at) {
		return this.jdbc.update("update email_action_token set used_at = ? where token_hash = ? and used_at is null",
				Timestamp.from(at), hash) == 1;
	}

	/** Gives the token back after an answer that was not recorded. */
	void release(String hash, Instant usedAt) {
		this.jdbc.update("update email_action_token set used_at = null where token_hash = ? and used_at = ?", hash,
				Timestamp.from(usedAt));
	}

	/** Expired tokens answer nothing; their rows go after a day, on any node. */
	@Scheduled(fixedDelay = 3_600_000, initialDelay = 600_000)
	void removeExpired() {
		this.jdbc.update("delete from email_action_token where expires_at < ?",
				Timestamp.from(Instant.now().minusSeconds(86_400)));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
