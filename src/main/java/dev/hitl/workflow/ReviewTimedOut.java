package dev.hitl.workflow;

/** The review task's timer fired before anyone answered. */
public record ReviewTimedOut(String consultationId, String processInstanceId) {
}
