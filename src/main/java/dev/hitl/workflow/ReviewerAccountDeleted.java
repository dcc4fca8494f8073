package dev.hitl.workflow;

/** An account was deleted from the engine's identity service (Camunda Admin or API). */
public record ReviewerAccountDeleted(String userId) {
}
