package dev.hitl.delivery.webhook;

/** The last attempt of a webhook failed; an incident waits for an admin. */
public record WebhookFailed(String consultationId, String webhookId, String eventType, String error) {
}
