package dev.hitl.consultation;

import java.util.UUID;

/** Nobody answered before the consultation's timeout. */
public record ConsultationTimedOut(UUID consultationId) {
}
