package dev.hitl.audit;

/**
 * Who an audit event is attributed to.
 *
 * @param type {@code agent} (an API key's owner), {@code user} (an engine account or an
 * OIDC subject), {@code unauthenticated} (the account a refused login tried) or
 * {@code system} (timers, workers)
 */
record Actor(String id, String type) {

	static final Actor SYSTEM = new Actor("system", "system");

	static Actor agent(String owner) {
		return new Actor(owner, "agent");
	}

	static Actor user(String userId) {
		return (userId != null) ? new Actor(userId, "user") : SYSTEM;
	}

	/** A refused login: the account it tried, or {@code (unknown)} for a name of none. */
	static Actor unauthenticated(String name) {
		return new Actor((name != null && !name.isEmpty()) ? name : "(unknown)", "unauthenticated");
	}

}
