package dev.hitl.consultation;

import java.util.UUID;

/** An agent created a consultation; published in the transaction that stores it. */
public record ConsultationCreated(UUID consultationId, String owner, UUID apiKeyId, String process,
		String processInstanceId) {
}
