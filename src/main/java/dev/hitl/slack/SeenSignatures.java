package dev.hitl.slack;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * Signatures of interaction requests already taken, in the database so a replay is
 * refused on every node; kept a little longer than the signature window, after which the
 * timestamp check refuses a replay anyway.
 */
@Repository
class SeenSignatures {

	private static final Duration KEEP = SlackSignatures.WINDOW.plusMinutes(1);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	SeenSignatures(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** True the first time a signature is seen, false for a replay. */
	boolean firstSight(String signature) {
		try {
			this.jdbc.update("insert into slack_seen_signature (signature, seen_at) values (?, ?)", signature,
					Timestamp.from(this.clock.instant()));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1M")
	void forgetOld() {
		this.jdbc.update("delete from slack_seen_signature where seen_at < ?",
				Timestamp.from(this.clock.instant().minus(KEEP)));
	}

}
