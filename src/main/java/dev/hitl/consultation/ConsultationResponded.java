package dev.hitl.consultation;

import java.util.UUID;

/**
 * A reviewer answered; published in the engine's transaction that completes the task.
 *
 * @param channel {@code portal}, {@code tasklist}, {@code api}, {@code email} or
 * {@code slack}
 */
public record ConsultationResponded(UUID consultationId, String respondedBy, String channel, String decision,
		String choice) {
}
