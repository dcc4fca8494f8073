package dev.hitl.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session once it is older than the absolute timeout, however active it is; the
 * idle timeout is the session store's ({@code server.servlet.session.timeout}). The
 * request then goes on without a session, so the user signs in again.
 */
class AbsoluteSessionTimeoutFilter extends OncePerRequestFilter {

	private final Duration absoluteTimeout;

	private final Clock clock;

	AbsoluteSessionTimeoutFilter(Duration absoluteTimeout, Clock clock) {
		this.absoluteTimeout = absoluteTimeout;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		if (session != null && this.clock.millis() - session.getCreationTime() > this.absoluteTimeout.toMillis()) {
			session.invalidate();
		}
		chain.doFilter(request, response);
	}

}
