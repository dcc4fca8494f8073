package dev.hitl.audit;

/**
 * Who an audit event is attributed to.
 *
 * @param type {@code agent} (an API key's owner), {@code user} (an engine account or an
 * OIDC subject), {@code unauthenticated} (a name tried at a refused login) or
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

	static Actor unauthenticated(String name) {
		return new Actor((name != null && !name.isEmpty()) ? name : "(none)", "unauthenticated");
	}

}
