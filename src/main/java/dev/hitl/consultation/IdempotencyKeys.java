package dev.hitl.consultation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code idempotency_key} table. A key is claimed by inserting its row: the primary
 * key (owner, key) lets exactly one request on any node win. The winner holds a lease
 * (lock token and expiry) so that a node that died mid-request does not block the key for
 * good.
 */
@Repository
class IdempotencyKeys {

	static final String IN_FLIGHT = "in_flight";

	static final String COMPLETED = "completed";

	private final JdbcTemplate jdbc;

	IdempotencyKeys(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts the key in flight, in the caller's (auto-committed) statement.
	 * @return false when the key exists already
	 */
	boolean claim(String owner, String key, String fingerprint, UUID token, Instant now, Instant lockedUntil,
			Instant expiresAt) {
		try {
			this.jdbc.update(
					"insert into idempotency_key (owner, idempotency_key, fingerprint, state, lock_token, locked_until, "
							+ "created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
					owner, key, fingerprint, IN_FLIGHT, token, ts(lockedUntil), ts(now), ts(expiresAt));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	Optional<Stored> find(String owner, String key) {
		List<Stored> found = this.jdbc.query(
				"select fingerprint, state, locked_until, response_status, response_body, expires_at "
						+ "from idempotency_key where owner = ? and idempotency_key = ?",
				(rs, row) -> new Stored(rs.getString("fingerprint"), rs.getString("state"),
						instant(rs.getTimestamp("locked_until")), rs.getInt("response_status"),
						rs.getString("response_body"), instant(rs.getTimestamp("expires_at"))),
				owner, key);
		return found.stream().findFirst();
	}

	/**
	 * Takes over a key whose holder's lease ran out (its node died or hung).
	 * @return whether this caller now holds the key
	 */
	boolean takeOver(String owner, String key, String fingerprint, UUID token, Instant now, Instant lockedUntil) {
		return this.jdbc.update(
				"update idempotency_key set lock_token = ?, locked_until = ? where owner = ? and idempotency_key = ? "
						+ "and fingerprint = ? and state = ? and locked_until < ?",
				token, ts(lockedUntil), owner, key, fingerprint, IN_FLIGHT, ts(now)) == 1;
	}

	/**
	 * Stores the response, in the transaction that created the consultation.
	 * @return false when the lease was lost meanwhile; the caller must roll back
	 */
	boolean complete(String owner, String key, UUID token, int status, String body, UUID consultationId) {
		return this.jdbc.update(
				"update idempotency_key set state = ?, response_status = ?, response_body = ?, consultation_id = ?, "
						+ "lock_token = null, locked_until = null where owner = ? and idempotency_key = ? "
						+ "and lock_token = ? and state = ?",
				COMPLETED, status, body, consultationId, owner, key, token, IN_FLIGHT) == 1;
	}

	/** Gives the key up after a failed request, so the agent can retry with it. */
	void release(String owner, String key, UUID token) {
		this.jdbc.update(
				"delete from idempotency_key where owner = ? and idempotency_key = ? and lock_token = ? and state = ?",
				owner, key, token, IN_FLIGHT);
	}

	/**
	 * Removes expired keys; concurrent runs on several nodes only delete fewer rows each.
	 */
	int purgeExpired(Instant now) {
		return this.jdbc.update("delete from idempotency_key where expires_at < ?", ts(now));
	}

	private static Timestamp ts(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	record Stored(String fingerprint, String state, Instant lockedUntil, int responseStatus, String responseBody,
			Instant expiresAt) {
	}

}
