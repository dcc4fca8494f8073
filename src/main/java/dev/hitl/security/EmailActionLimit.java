package dev.hitl.security;

import java.time.Duration;
import java.util.Optional;

import dev.hitl.security.RateLimiter.Limit;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.stereotype.Component;

/**
 * The limits of the email answer pages, which anyone may open: per client address
 * ({@code hitl.rate-limit.email-action-per-minute}), so that nobody can try tokens by the
 * thousand, and per token ({@code email-action-token-per-minute}), so that a leaked link
 * cannot be hammered from many addresses. Buckets are kept by the token's hash, never the
 * token.
 */
@Component
public class EmailActionLimit {

	private final RateLimiter limiter;

	private final int perAddress;

	private final int perToken;

	EmailActionLimit(RateLimiter limiter, SecuritySettings settings) {
		this.limiter = limiter;
		this.perAddress = settings.rateLimit().emailActionPerMinute();
		this.perToken = settings.rateLimit().emailActionTokenPerMinute();
	}

	/**
	 * Takes a token from the address's bucket and, for a well-formed token, from the
	 * token's.
	 * @param tokenHash the token's hash, or null when the token is malformed
	 * @return when a bucket was empty, how long until it has a token again
	 */
	public Optional<Duration> tryUse(String clientAddress, String tokenHash) {
		ConsumptionProbe address = this.limiter
			.consume(new Limit("email-action-address:" + clientAddress, this.perAddress));
		if (!address.isConsumed()) {
			return Optional.of(Duration.ofNanos(address.getNanosToWaitForRefill()));
		}
		if (tokenHash == null) {
			return Optional.empty();
		}
		ConsumptionProbe token = this.limiter.consume(new Limit("email-action-token:" + tokenHash, this.perToken));
		return token.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(token.getNanosToWaitForRefill()));
	}

}
