package dev.hitl.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.hitl.security.RateLimiter.Limit;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;

import org.springframework.stereotype.Component;

/**
 * Password guessing limits, per client address and per user name (the name is kept only
 * as a hash). Interactive logins spend a token per attempt; HTTP Basic, sent with every
 * API call, spends one per failure but is refused before the password is checked once the
 * budget is used up, so a right guess after that gains nothing.
 */
@Component
class LoginThrottle {

	private final RateLimiter limiter;

	private final int perMinute;

	LoginThrottle(RateLimiter limiter, SecuritySettings settings) {
		this.limiter = limiter;
		this.perMinute = settings.rateLimit().loginPerMinute();
	}

	int perMinute() {
		return this.perMinute;
	}

	/**
	 * @throws LoginThrottledException when the address or the name has no failure left
	 */
	void checkAllowed(String address, String username) {
		for (Limit limit : limits(address, username)) {
			EstimationProbe probe = this.limiter.peek(limit);
			if (!probe.canBeConsumed()) {
				throw new LoginThrottledException(probe.getNanosToWaitForRefill());
			}
		}
	}

	void failed(String address, String username) {
		limits(address, username).forEach(this.limiter::consume);
	}

	/**
	 * Spends one attempt of the address and one of the name.
	 * @return the tighter of the two, rejected if either is used up
	 */
	ConsumptionProbe attempt(String address, String username) {
		ConsumptionProbe tightest = null;
		for (Limit limit : limits(address, username)) {
			ConsumptionProbe probe = this.limiter.consume(limit);
			if (tightest == null || !probe.isConsumed()
					|| (tightest.isConsumed() && probe.getRemainingTokens() < tightest.getRemainingTokens())) {
				tightest = probe;
			}
			if (!probe.isConsumed()) {
				break;
			}
		}
		return tightest;
	}

	private List<Limit> limits(String address, String username) {
		List<Limit> limits = new ArrayList<>(2);
		if (address != null) {
			limits.add(new Limit("login-address:" + address, this.perMinute));
		}
		String name = (username != null) ? username.strip().toLowerCase(Locale.ROOT) : "";
		limits.add(new Limit("login-user:" + ApiKeyManagement.sha256(name), this.perMinute));
		return limits;
	}

}
