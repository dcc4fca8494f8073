package dev.hitl.workflow;

/**
 * The process escalated the review (an escalation throw event with code
 * {@value ProcessVariables#ESCALATION_ESCALATED}): the consultation gains its escalation
 * reviewers and a new deadline, and stays pending.
 */
public record ReviewEscalated(String consultationId, String processInstanceId) {
}
