package dev.hitl.workflow;

/**
 * The review task's assignee changed (claim, unclaim or delegation); null when unclaimed.
 */
public record ReviewTaskAssigned(String consultationId, String processInstanceId, String assignee) {
}
