package dev.hitl.delivery.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code email_delivery} records: who was sent which consultation's email, in the
 * database every node shares. A worker claims a recipient before sending, on the
 * database's clock, for longer than one SMTP exchange can take under the configured
 * timeouts, so two workers never send the same email at once; the outcome is recorded
 * only after the SMTP server answered. A worker that dies between the server's acceptance
 * and the record is the one case left where a recipient gets an email twice.
 */
@Repository
class EmailDeliveries {

	/**
	 * Longer than one send can take: connect 10 s, then at most 20 s per SMTP reply or
	 * write (application.yaml), a handful of each.
	 */
	static final Duration CLAIM = Duration.ofMinutes(5);

	private final JdbcTemplate jdbc;

	EmailDeliveries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	enum Claim {

		/** This attempt may send it now. */
		CLAIMED,

		/** Sent already, or refused for good. */
		DONE,

		/** Another worker is sending it right now. */
		BUSY

	}

	/**
	 * The recipients (as {@link #recipientHash}) already done with, read in one query so
	 * that a pass over a long list that went out already is quick, well within its lock.
	 */
	Set<String> done(UUID consultationId, String template) {
		return new HashSet<>(this.jdbc.queryForList(
				"select recipient_hash from email_delivery "
						+ "where consultation_id = ? and template = ? and done_at is not null",
				String.class, consultationId, template));
	}

	Claim claim(UUID consultationId, String template, String recipient, UUID attempt) {
		String key = recipientHash(recipient);
		Instant now = databaseNow();
		Timestamp until = Timestamp.from(now.plus(CLAIM));
		int taken = this.jdbc.update(
				"update email_delivery set claimed_by = ?, claimed_until = ? "
						+ "where consultation_id = ? and template = ? and recipient_hash = ? and done_at is null "
						+ "and (claimed_until is null or claimed_until < ?)",
				attempt, until, consultationId, template, key, Timestamp.from(now));
		if (taken == 1) {
			return Claim.CLAIMED;
		}
		try {
			this.jdbc.update("insert into email_delivery (consultation_id, template, recipient_hash, claimed_by, "
					+ "claimed_until) values (?, ?, ?, ?, ?)", consultationId, template, key, attempt, until);
			return Claim.CLAIMED;
		}
		catch (DuplicateKeyException ex) {
			List<Timestamp> done = this.jdbc.queryForList(
					"select done_at from email_delivery "
							+ "where consultation_id = ? and template = ? and recipient_hash = ?",
					Timestamp.class, consultationId, template, key);
			return (!done.isEmpty() && done.get(0) != null) ? Claim.DONE : Claim.BUSY;
		}
	}

	/**
	 * @param outcome {@code sent} or {@code refused}
	 */
	void done(UUID consultationId, String template, String recipient, String outcome) {
		this.jdbc.update(
				"update email_delivery set outcome = ?, done_at = current_timestamp, claimed_by = null, "
						+ "claimed_until = null where consultation_id = ? and template = ? and recipient_hash = ?",
				outcome, consultationId, template, recipientHash(recipient));
	}

	/** The attempt failed before the server took the email: the next may try at once. */
	void release(UUID consultationId, String template, String recipient, UUID attempt) {
		this.jdbc.update(
				"update email_delivery set claimed_by = null, claimed_until = null "
						+ "where consultation_id = ? and template = ? and recipient_hash = ? and claimed_by = ?",
				consultationId, template, recipientHash(recipient), attempt);
	}

	private Instant databaseNow() {
		return this.jdbc.queryForObject("select current_timestamp", Timestamp.class).toInstant();
	}

	/** Addresses are compared case-insensitively, as mail systems treat them. */
	static String recipientHash(String address) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(address.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
