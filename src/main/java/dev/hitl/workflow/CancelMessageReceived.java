package dev.hitl.workflow;

/**
 * The process caught the {@code ConsultationCancelled} message, whoever correlated it:
 * the agent's cancel, or someone calling the engine's message API directly.
 */
public record CancelMessageReceived(String consultationId, String processInstanceId) {
}
