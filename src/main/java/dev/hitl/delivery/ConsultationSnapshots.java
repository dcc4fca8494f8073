package dev.hitl.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What delivery needs to know about a consultation and how it reports back; implemented
 * by the consultation module, so delivery does not depend on its internals.
 */
public interface ConsultationSnapshots {

	Optional<Snapshot> find(String consultationId);

	/**
	 * Counts one webhook attempt and records its outcome on the consultation, unless the
	 * process that made it no longer speaks for the consultation.
	 */
	void recordWebhookAttempt(String consultationId, String processInstanceId, String callbackStatus, String lastError);

	/** An admin asked for another attempt after the last one failed. */
	void markWebhookPending(String consultationId);

	/**
	 * @param resource the consultation resource as the REST API shows it
	 * @param respondedBy the reviewer who answered, or null
	 */
	record Snapshot(String id, String state, String title, String description, String priority, String responseType,
			Instant expiresAt, String callbackUrl, UUID apiKeyId, List<String> reviewerGroups,
			List<String> reviewerUsers, String respondedBy, String outcome, String processInstanceId,
			JsonNode resource) {
	}

}
