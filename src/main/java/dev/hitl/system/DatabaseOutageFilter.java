package dev.hitl.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Outside every filter that touches the database (sessions, Spring Security's API-key and
 * account lookups, rate limits): when the database is unreachable they fail outside
 * Spring MVC's error handling, and the request would end as a 500. Here it ends as 503
 * problem+json with {@code Retry-After}, as it does in the controllers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
class DatabaseOutageFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

	private final ProblemResponses problems;

	DatabaseOutageFilter(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (!DatabaseOutage.causedBy(ex) || response.isCommitted()) {
				throw ex;
			}
			log.warn("Database unreachable, answered 503: {}", ex.toString());
			response.resetBuffer();
			DatabaseOutage.retryAfter(response);
			this.problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, DatabaseOutage.DETAIL);
		}
	}

}
