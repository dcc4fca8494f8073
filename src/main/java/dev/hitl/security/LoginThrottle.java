package dev.hitl.security;

import java.time.Duration;
import java.util.Locale;

import dev.hitl.security.RateLimiter.Limit;
import dev.hitl.system.Sha256;
import io.github.bucket4j.EstimationProbe;

import org.springframework.stereotype.Component;

/**
 * Password guessing limits that a stranger cannot turn against the account's owner.
 * <p>
 * Failures are counted per client address: once an address has used up its budget
 * ({@code hitl.rate-limit.login-per-minute}, refilled over a minute), its attempts are
 * refused (429) before any password is checked, so a right guess after that gains
 * nothing. Failures are also counted per user name (kept only as a hash), across all
 * addresses, but a name that has used up its budget never refuses anyone: while it is
 * under attack, each further failure for it costs the address that sent it a whole
 * minute's budget instead of one attempt, so guessing one account from many addresses
 * slows to one try per address and minute, while its owner, from an address of their own,
 * still signs in with the right password. Successes cost nothing. The engine's own
 * per-account lock is off (see application.yaml), for the same reason.
 */
@Component
class LoginThrottle {

	private static final Duration WINDOW = Duration.ofMinutes(1);

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
	 * @throws LoginThrottledException when the address has no failure left
	 */
	void checkAllowed(String address) {
		Allowance allowance = allowance(address);
		if (!allowance.allowed()) {
			throw new LoginThrottledException(allowance.nanosToWait());
		}
	}

	/** What the address has left, without spending any of it. */
	Allowance allowance(String address) {
		if (address == null) {
			return new Allowance(true, this.perMinute, 0);
		}
		EstimationProbe probe = this.limiter.peek(addressLimit(address));
		return new Allowance(probe.canBeConsumed(), Math.max(0, probe.getRemainingTokens()),
				probe.canBeConsumed() ? 0 : probe.getNanosToWaitForRefill());
	}

	/** A login with this name from this address failed. */
	void failed(String address, String username) {
		boolean nameUnderAttack = !this.limiter.consume(nameLimit(username)).isConsumed();
		if (address != null) {
			this.limiter.consumeIgnoringLimit(addressLimit(address), nameUnderAttack ? this.perMinute : 1);
		}
	}

	/**
	 * How long until an address with {@code remaining} attempts has all of them again.
	 */
	long nanosToFull(long remaining) {
		return WINDOW.toNanos() / this.perMinute * Math.max(0, this.perMinute - remaining);
	}

	private Limit addressLimit(String address) {
		return new Limit("login-address:" + address, this.perMinute);
	}

	private Limit nameLimit(String username) {
		String name = (username != null) ? username.strip().toLowerCase(Locale.ROOT) : "";
		return new Limit("login-user:" + sha256(name), this.perMinute);
	}

	/** Account names are not kept in the limits' store. */
	private static String sha256(String value) {
		return Sha256.hex(value);
	}

	/**
	 * @param remaining failures the address may still make
	 * @param nanosToWait until the next attempt is allowed, when it is not now
	 */
	record Allowance(boolean allowed, long remaining, long nanosToWait) {
	}

}
