package dev.hitl.apikey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import dev.hitl.security.Agent;
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
 * is refused here, before any other authentication is tried; so is a key sent as an HTTP
 * Basic user name.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	private static final String BEARER = "Bearer ";

	private static final String BASIC = "Basic ";

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
		if (isKeyAsBasicUser(header)) {
			// Refused before HTTP Basic sees it, which would look the key up as an
			// account, record it as the name tried and name it in its trace log.
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			this.problems.write(response, HttpStatus.UNAUTHORIZED,
					"Send an API key as 'Authorization: Bearer <key>', never as a user name");
			return;
		}
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

	/**
	 * {@code curl -u "$KEY:"}: an API key (or a webhook secret) as the Basic user name.
	 */
	private static boolean isKeyAsBasicUser(String header) {
		if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
			return false;
		}
		try {
			String user = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
					StandardCharsets.UTF_8);
			return user.startsWith(ApiKeyManagement.KEY_PREFIX) || user.startsWith("whsec_");
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	static final class AgentAuthentication extends AbstractAuthenticationToken {

		private final Agent agent;

		AgentAuthentication(Agent agent) {
			super(List.of(new SimpleGrantedAuthority(Agent.AUTHORITY)));
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
