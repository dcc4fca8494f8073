package dev.hitl.security;

import org.springframework.security.core.AuthenticationException;

/** Too many failed logins from this address or for this name; answered 429. */
class LoginThrottledException extends AuthenticationException {

	private final long nanosToWait;

	LoginThrottledException(long nanosToWait) {
		super("Too many failed logins");
		this.nanosToWait = nanosToWait;
	}

	long nanosToWait() {
		return this.nanosToWait;
	}

}
