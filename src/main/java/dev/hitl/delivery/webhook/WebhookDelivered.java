package dev.hitl.delivery.webhook;

/** The agent's receiver accepted a webhook (2xx). */
public record WebhookDelivered(String consultationId, String webhookId, String eventType, int status) {
}
