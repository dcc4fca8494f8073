package dev.hitl.audit;

import java.time.Instant;
import java.util.UUID;

/** Optional filters of the trail; null means "any". {@code to} is exclusive. */
record AuditFilter(UUID consultationId, String actor, String action, Instant from, Instant to) {
}
