package dev.hitl.consultation;

import java.util.UUID;

/** The consultation's review task was given back; nobody holds it now. */
public record ConsultationUnclaimed(UUID consultationId, String previousAssignee) {
}
