package dev.hitl.consultation;

import java.util.List;
import java.util.UUID;

/** The review's first deadline passed and it escalated to these added reviewers. */
public record ConsultationEscalated(UUID consultationId, List<String> addedGroups, List<String> addedUsers) {
}
