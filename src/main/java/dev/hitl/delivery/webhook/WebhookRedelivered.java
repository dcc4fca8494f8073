package dev.hitl.delivery.webhook;

/** An admin asked for a failed webhook to be sent again. */
public record WebhookRedelivered(String consultationId, String requestedBy) {
}
