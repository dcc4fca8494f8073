package dev.hitl.security;

import java.util.UUID;

import org.springframework.security.core.AuthenticatedPrincipal;

/** An agent authenticated by one of its owner's API keys. */
public record Agent(String owner, UUID apiKeyId) implements AuthenticatedPrincipal {

	@Override
	public String getName() {
		return "agent:" + this.owner;
	}

}
