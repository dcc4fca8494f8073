package dev.hitl.consultation;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Long polls ({@code ?wait=}) and MCP waits ({@code hitl.wait.*}).
 *
 * @param maxWaiters requests waiting at once on this node; beyond it 429
 * @param maxWaitersPerKey of those, at most this many per API key
 * @param fallbackInterval how often waiters check for changes themselves while this node
 * cannot listen to the database's notifications
 * @param workers threads that read a consultation again when it changed (no thread waits)
 */
@Validated
@ConfigurationProperties("hitl.wait")
record WaitSettings(@DefaultValue("10000") @Min(1) int maxWaiters, @DefaultValue("1000") @Min(1) int maxWaitersPerKey,
		@DefaultValue("PT3S") Duration fallbackInterval, @DefaultValue("4") @Min(1) int workers) {
}
