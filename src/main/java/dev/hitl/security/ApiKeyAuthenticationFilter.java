package dev.hitl.security;

import java.io.IOException;
import java.util.List;

import dev.hitl.system.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer hitl_...}. A key that is unknown or revoked
 * is refused here, before any other authentication is tried.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String ROLE_AGENT = "ROLE_AGENT";

	private static final String BEARER = "Bearer ";

	private final ApiKeyManagement keys;

	private final ProblemResponses problems;

	ApiKeyAuthenticationFilter(ApiKeyManagement keys, ProblemResponses problems) {
		this.keys = keys;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			chain.doFilter(request, response);
			return;
		}
		String token = header.substring(BEARER.length()).trim();
		if (!token.startsWith(ApiKeyManagement.KEY_PREFIX)) {
			chain.doFilter(request, response);
			return;
		}
		Agent agent = this.keys.authenticate(token).orElse(null);
		if (agent == null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
			this.problems.write(response, HttpStatus.UNAUTHORIZED, "The API key is unknown or revoked");
			return;
		}
		SecurityContextHolder.getContext().setAuthentication(new AgentAuthentication(agent));
		chain.doFilter(request, response);
	}

	static final class AgentAuthentication extends AbstractAuthenticationToken {

		private final Agent agent;

		AgentAuthentication(Agent agent) {
			super(List.of(new SimpleGrantedAuthority(ROLE_AGENT)));
			this.agent = agent;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return null;
		}

		@Override
		public Agent getPrincipal() {
			return this.agent;
		}

	}

}
