package dev.hitl.security;

import java.time.Duration;
import java.util.Optional;

import dev.hitl.security.RateLimiter.Limit;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.stereotype.Component;

/**
 * The per-key creation limit of {@code POST /api/v1/consultations}, for the other ways an
 * agent creates (the MCP tool {@code ask_human}): the same bucket, so no route is a way
 * around it.
 */
@Component
public class CreationLimit {

	private final RateLimiter limiter;

	private final int perMinute;

	CreationLimit(RateLimiter limiter, SecuritySettings settings) {
		this.limiter = limiter;
		this.perMinute = settings.rateLimit().consultationCreatePerMinute();
	}

	/** Takes a token; when there was none, how long until there is one. */
	public Optional<Duration> tryCreate(Agent agent) {
		ConsumptionProbe probe = this.limiter.consume(new Limit(CreationRateLimitFilter.key(agent), this.perMinute));
		return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
	}

}
