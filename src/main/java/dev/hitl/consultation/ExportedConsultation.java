package dev.hitl.consultation;

import java.time.Instant;
import java.util.UUID;

/**
 * One ended consultation as the admins' export lists it: what was asked, how it ended and
 * who decided, without the description, context or answer text (free text that may hold
 * personal data).
 *
 * @param endedAt when it was answered, timed out or cancelled
 * @param approvals approvals and rejections recorded, 0 without any
 */
public record ExportedConsultation(UUID id, String process, String title, String priority, String responseType,
		String state, String decision, String choice, String decidedBy, String respondedBy, String channel,
		String requestedBy, String owner, String externalRef, Instant createdAt, Instant endedAt, Instant expiresAt,
		Instant escalatedAt, int approvalsRequired, int approvals) {

}
