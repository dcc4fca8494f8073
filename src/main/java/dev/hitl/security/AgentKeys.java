package dev.hitl.security;

import jakarta.servlet.Filter;

/**
 * Where agents' API keys meet the API chain: the apikey module provides the filter that
 * turns {@code Authorization: Bearer hitl_...} into an {@link Agent}, run before HTTP
 * Basic. A bearer token with {@link #KEY_PREFIX} is its own, never an OIDC token.
 */
public interface AgentKeys {

	String KEY_PREFIX = "hitl_";

	/** A new filter for the API chain, answering 401 to an unknown or revoked key. */
	Filter authenticationFilter();

}
