package dev.hitl.workflow;

/** A consultation's process instance ended, normally or because it was deleted. */
public record ConsultationProcessEnded(String consultationId, String processInstanceId) {
}
