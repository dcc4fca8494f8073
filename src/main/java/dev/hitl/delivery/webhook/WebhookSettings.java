package dev.hitl.delivery.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code hitl.webhook.*}. {@code allow-private-networks}
 * ({@code HITL_WEBHOOK_ALLOW_PRIVATE_NETWORKS}) lifts the network rule of the SSRF guard,
 * for development and tests only.
 */
@ConfigurationProperties("hitl.webhook")
record WebhookSettings(boolean allowPrivateNetworks) {
}
