package dev.hitl.workflow;

/**
 * A consultation's process instance ended, normally or because it was deleted.
 *
 * @param processKey the key of its process definition
 */
public record ConsultationProcessEnded(String consultationId, String processInstanceId, String processKey) {
}
