package dev.hitl.delivery.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hitl.webhook.*}.
 *
 * @param allowPrivateNetworks {@code HITL_WEBHOOK_ALLOW_PRIVATE_NETWORKS}: lifts the SSRF
 * guard's network rule, for development and tests only
 * @param retrySchedule {@code HITL_WEBHOOK_RETRY_SCHEDULE}: the waits between attempts;
 * its length is the number of retries
 * @param connectTimeout time to open a connection to the receiver
 * @param timeout the most one attempt may take in all, reading the response included
 * @param concurrency deliveries in flight at once on one node
 */
@ConfigurationProperties("hitl.webhook")
public record WebhookSettings(boolean allowPrivateNetworks, @DefaultValue( {
		"PT5S", "PT5M", "PT30M", "PT2H", "PT5H", "PT10H", "PT10H" }) List<Duration> retrySchedule,
		@DefaultValue("PT5S") Duration connectTimeout, @DefaultValue("PT15S") Duration timeout,
		@DefaultValue("4") int concurrency){

	/**
	 * A lock comfortably longer than one attempt can last, so no attempt runs twice at
	 * once.
	 */
	public Duration lockDuration() {
		return this.connectTimeout.plus(this.timeout).multipliedBy(3);
	}

}
