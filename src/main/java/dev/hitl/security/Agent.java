package dev.hitl.security;

import java.util.UUID;

import org.springframework.security.core.AuthenticatedPrincipal;

/** An agent authenticated by one of its owner's API keys. */
public record Agent(String owner, UUID apiKeyId) implements AuthenticatedPrincipal {

	/** The authority every authenticated agent holds. */
	public static final String AUTHORITY = "ROLE_AGENT";

	@Override
	public String getName() {
		return "agent:" + this.owner;
	}

}
