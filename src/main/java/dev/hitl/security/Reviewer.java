package dev.hitl.security;

import java.io.Serializable;
import java.util.List;

import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * A signed-in reviewer or admin: an account of the engine's identity service.
 * Serializable because a portal session keeps it in the database (Spring Session).
 */
public record Reviewer(String id, String displayName, String email, List<String> groups,
		boolean admin) implements AuthenticatedPrincipal, Serializable {

	@Override
	public String getName() {
		return this.id;
	}

}
