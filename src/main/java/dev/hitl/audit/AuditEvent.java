package dev.hitl.audit;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** One row of the trail, as {@code GET /api/v1/audit-events} shows it. */
record AuditEvent(long id, Instant occurredAt, String actor, String actorType, String action, String targetType,
		String targetId, UUID consultationId, String channel, String clientAddress, JsonNode details) {
}
