package dev.hitl.security;

import java.io.IOException;
import java.util.List;

import dev.hitl.system.ProblemResponses;
import dev.hitl.workflow.ExternalTaskWorkers;
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
 * Authenticates the delivery workers' {@code Authorization: Bearer hitlw1...} (see
 * {@link WorkerTokens}). The caller holds {@link #ROLE_WORKER} alone, which the security
 * chain lets through to the external task routes and nowhere else. A bad token is refused
 * here, without the login throttle or the audit trail: it is no password guess, and it
 * names no account.
 */
class WorkerTokenAuthenticationFilter extends OncePerRequestFilter {

	static final String ROLE_WORKER = "ROLE_" + ExternalTaskWorkers.ROLE;

	private static final String BEARER = "Bearer ";

	private final WorkerTokens tokens;

	private final ProblemResponses problems;

	WorkerTokenAuthenticationFilter(WorkerTokens tokens, ProblemResponses problems) {
		this.tokens = tokens;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
				|| !WorkerTokens.looksLikeOne(header.substring(BEARER.length()).trim())) {
			chain.doFilter(request, response);
			return;
		}
		if (!this.tokens.isValid(header.substring(BEARER.length()).trim())) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
			this.problems.write(response, HttpStatus.UNAUTHORIZED, "The worker token is invalid or expired");
			return;
		}
		SecurityContextHolder.getContext().setAuthentication(new WorkerAuthentication());
		chain.doFilter(request, response);
	}

	/** The delivery workers of some node of this cluster. */
	static final class WorkerAuthentication extends AbstractAuthenticationToken {

		/**
		 * Not a possible account id (the engine's ids have no dash), so never a user's.
		 */
		static final String NAME = "hitl-worker";

		WorkerAuthentication() {
			super(List.of(new SimpleGrantedAuthority(ROLE_WORKER)));
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return null;
		}

		@Override
		public Object getPrincipal() {
			return NAME;
		}

	}

}
