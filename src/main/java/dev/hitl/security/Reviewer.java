package dev.hitl.security;

import java.util.List;

import org.springframework.security.core.AuthenticatedPrincipal;

/** A signed-in reviewer or admin: an account of the engine's identity service. */
public record Reviewer(String id, String displayName, String email, List<String> groups,
		boolean admin) implements AuthenticatedPrincipal {

	@Override
	public String getName() {
		return this.id;
	}

}
