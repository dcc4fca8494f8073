package dev.hitl.consultation;

import java.time.Instant;

/** Optional filters of the agent's list; null means "any". */
record ConsultationFilter(String state, String priority, String externalRef, Instant updatedAfter) {
}
