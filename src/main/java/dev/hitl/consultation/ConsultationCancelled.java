package dev.hitl.consultation;

import java.util.UUID;

/**
 * The consultation ended unanswered: its agent cancelled it ({@code cancelledBy} is the
 * owner), its process caught the cancel message someone sent it through the engine, or
 * its process ended or was deleted in the engine ({@code cancelledBy} null for both).
 */
public record ConsultationCancelled(UUID consultationId, String cancelledBy, String reason) {

	public static final String BY_AGENT = "agent";

	public static final String PROCESS_ENDED = "process_ended";

	public static final String CANCEL_MESSAGE = "cancel_message";

}
