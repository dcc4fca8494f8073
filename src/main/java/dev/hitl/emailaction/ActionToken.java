package dev.hitl.emailaction;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored answer link: whose it is, for which consultation and answer.
 *
 * @param answer the decision or option value it gives; null for a text answer
 */
record ActionToken(String hash, UUID consultationId, String recipient, String template, String answer,
		Instant createdAt, Instant usedAt, Instant expiresAt) {

	boolean isUsed() {
		return this.usedAt != null;
	}

	boolean hasExpired(Instant now) {
		return !now.isBefore(this.expiresAt);
	}

}
