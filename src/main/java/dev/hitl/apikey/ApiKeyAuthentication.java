package dev.hitl.apikey;

import dev.hitl.security.AgentKeys;
import dev.hitl.system.ProblemResponses;
import jakarta.servlet.Filter;

import org.springframework.stereotype.Component;

/**
 * Gives the security module's API chain its API key filter. Not a filter bean itself,
 * which Spring Boot would also register outside the chain.
 */
@Component
class ApiKeyAuthentication implements AgentKeys {

	private final ApiKeyManagement keys;

	private final ProblemResponses problems;

	ApiKeyAuthentication(ApiKeyManagement keys, ProblemResponses problems) {
		this.keys = keys;
		this.problems = problems;
	}

	@Override
	public Filter authenticationFilter() {
		return new ApiKeyAuthenticationFilter(this.keys, this.problems);
	}

}
