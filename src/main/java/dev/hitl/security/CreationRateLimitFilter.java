package dev.hitl.security;

import java.io.IOException;

import dev.hitl.security.RateLimiter.Limit;
import dev.hitl.system.ProblemResponses;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits {@code POST /api/v1/consultations} per API key. Runs after authorization, so
 * only an authenticated agent spends tokens, and before the body is read, so a refused
 * request changes nothing.
 */
class CreationRateLimitFilter extends OncePerRequestFilter {

	private static final RequestMatcher CREATE = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.POST, "/api/v1/consultations");

	private final RateLimiter limiter;

	private final int perMinute;

	private final ProblemResponses problems;

	CreationRateLimitFilter(RateLimiter limiter, int perMinute, ProblemResponses problems) {
		this.limiter = limiter;
		this.perMinute = perMinute;
		this.problems = problems;
	}

	static String key(Agent agent) {
		return "create:" + agent.apiKeyId();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !CREATE.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof Agent agent)) {
			chain.doFilter(request, response);
			return;
		}
		ConsumptionProbe probe = this.limiter.consume(new Limit(key(agent), this.perMinute));
		RateLimitHeaders.write(response, this.perMinute, probe);
		if (!probe.isConsumed()) {
			RateLimitHeaders.tooManyRequests(response, probe.getNanosToWaitForRefill(), this.problems);
			return;
		}
		chain.doFilter(request, response);
	}

}
