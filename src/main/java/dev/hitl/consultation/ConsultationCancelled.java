package dev.hitl.consultation;

import java.util.UUID;

/**
 * The consultation ended unanswered: its agent cancelled it ({@code cancelledBy} is the
 * owner), or its process ended or was deleted in the engine ({@code cancelledBy} null).
 */
public record ConsultationCancelled(UUID consultationId, String cancelledBy, String reason) {

	public static final String BY_AGENT = "agent";

	public static final String PROCESS_ENDED = "process_ended";

}
