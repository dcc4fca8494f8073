package dev.hitl.audit;

import java.time.Instant;
import java.util.UUID;

/** What {@link AuditTrail} writes: one row of {@code audit_event}. */
record NewAuditEvent(Instant occurredAt, Actor actor, String action, String targetType, String targetId,
		UUID consultationId, String channel, String clientAddress, String detailsJson) {
}
