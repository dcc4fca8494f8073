package dev.hitl.consultation;

import java.util.UUID;

/** A reviewer took the consultation's review task (Tasklist, portal or API). */
public record ConsultationClaimed(UUID consultationId, String assignee) {
}
