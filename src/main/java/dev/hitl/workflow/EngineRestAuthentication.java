package dev.hitl.workflow;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.hitl.system.ProblemResponses;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;

import org.springframework.http.HttpStatus;

/**
 * The engine's REST API runs as the caller Spring Security authenticated, so the engine's
 * authorizations apply to every row it reads or changes; with one exception. The delivery
 * workers (role {@link ExternalTaskWorkers#ROLE}, given for the cluster's worker token,
 * never to an account) may call the external task routes and nothing else (Spring
 * Security refuses them everywhere else, and so does this filter), and there the engine
 * runs without per-row authorization checks: with them, every fetch-and-lock joins the
 * authorization table to every waiting task of the topic and sorts them all, so a backlog
 * of a few thousand tasks made each fetch take hundreds of milliseconds, slowing the very
 * workers that drain it.
 */
class EngineRestAuthentication extends ProcessEngineAuthenticationFilter {

	private static final Pattern WORKER_ROUTE = Pattern.compile(ExternalTaskWorkers.ROUTES);

	private final IdentityService identity;

	private final ProblemResponses problems;

	EngineRestAuthentication(IdentityService identity, ProblemResponses problems) {
		this.identity = identity;
		this.problems = problems;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest http = (HttpServletRequest) request;
		if (!http.isUserInRole(ExternalTaskWorkers.ROLE)) {
			super.doFilter(request, response, chain);
			return;
		}
		String path = http.getRequestURI().substring(http.getContextPath().length());
		if (!"POST".equals(http.getMethod()) || !WORKER_ROUTE.matcher(path).matches()) {
			this.problems.write((HttpServletResponse) response, HttpStatus.FORBIDDEN, "Not allowed for this account");
			return;
		}
		this.identity.clearAuthentication();
		chain.doFilter(request, response);
	}

}
