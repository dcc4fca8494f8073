package dev.hitl.security;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import dev.hitl.system.CachedBodyRequest;
import dev.hitl.system.ProblemResponses;
import dev.hitl.system.StorableText;
import dev.hitl.workflow.CamundaWeb;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Around the Camunda webapps' own login and logout: limits failed logins as
 * {@link LoginThrottle} does for every sign-in, records the outcome, tags the new session
 * with its user (so it can be listed and ended) and ends the whole session at logout,
 * which the webapps alone would keep. Camunda itself renews the session id at login.
 */
class WebappLoginFilter extends OncePerRequestFilter {

	static final String CLIENT_ADDRESS = "hitl.clientAddress";

	static final String USER_AGENT = "hitl.userAgent";

	static final String LOGIN_METHOD = "hitl.loginMethod";

	private static final int MAX_LOGIN_BODY = 16 * 1024;

	private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

	private static final PathPatternRequestMatcher LOGIN = PATHS.matcher(HttpMethod.POST, CamundaWeb.WEBAPP_LOGIN);

	private static final RequestMatcher LOGOUT = PATHS.matcher(HttpMethod.POST, CamundaWeb.WEBAPP_LOGOUT);

	private final LoginThrottle throttle;

	private final ApplicationEventPublisher events;

	private final ProblemResponses problems;

	WebappLoginFilter(LoginThrottle throttle, ApplicationEventPublisher events, ProblemResponses problems) {
		this.throttle = throttle;
		this.events = events;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (LOGIN.matches(request)) {
			login(request, response, chain, LOGIN.matcher(request).getVariables().get(CamundaWeb.WEBAPP_LOGIN_APP));
		}
		else if (LOGOUT.matches(request)) {
			chain.doFilter(request, response);
			HttpSession session = request.getSession(false);
			if (response.getStatus() == HttpStatus.OK.value() && session != null) {
				session.invalidate();
			}
		}
		else {
			chain.doFilter(request, response);
		}
	}

	private void login(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String app)
			throws ServletException, IOException {
		CachedBodyRequest cached = CachedBodyRequest.read(request, MAX_LOGIN_BODY);
		if (cached == null) {
			this.problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "The login form is too large");
			return;
		}
		String tried = formValue(cached, CamundaWeb.WEBAPP_LOGIN_USERNAME);
		String username = IdentityAuthenticationProvider.cut(tried);
		String address = request.getRemoteAddr();
		LoginThrottle.Allowance allowance = this.throttle.allowance(address);
		if (!allowance.allowed()) {
			RateLimitHeaders.write(response, this.throttle.perMinute(), 0, this.throttle.nanosToFull(0));
			RateLimitHeaders.tooManyRequests(response, allowance.nanosToWait(), this.problems);
			return;
		}
		if (!StorableText.isPlainLine(tried)) {
			// No account has such a name; PostgreSQL would refuse the engine's query.
			this.throttle.failed(address, username);
			this.events.publishEvent(new LoginFailed(username, app, address));
			writeLimit(response, address);
			this.problems.write(response, HttpStatus.UNAUTHORIZED, "Wrong user name or password");
			return;
		}
		// Held back until the outcome is known, so the limit headers can say what is
		// left. A refusal by sendError is settled just before it goes out.
		Outcome outcome = new Outcome(request, address, username, app);
		ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response) {

			@Override
			public void sendError(int status) throws IOException {
				outcome.settle(this, status);
				super.sendError(status);
			}

			@Override
			public void sendError(int status, String message) throws IOException {
				outcome.settle(this, status);
				super.sendError(status, message);
			}

		};
		chain.doFilter(cached, held);
		outcome.settle(held, held.getStatus());
		held.copyBodyToResponse();
	}

	/** What one login attempt came to, recorded once. */
	private final class Outcome {

		private final HttpServletRequest request;

		private final String address;

		private final String username;

		private final String app;

		private boolean settled;

		Outcome(HttpServletRequest request, String address, String username, String app) {
			this.request = request;
			this.address = address;
			this.username = username;
			this.app = app;
		}

		void settle(HttpServletResponse response, int status) {
			if (this.settled) {
				return;
			}
			this.settled = true;
			HttpSession session = this.request.getSession(false);
			if (status == HttpStatus.OK.value() && session != null && this.username != null) {
				session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, this.username);
				session.setAttribute(CLIENT_ADDRESS, this.address);
				session.setAttribute(USER_AGENT, cut(this.request.getHeader(HttpHeaders.USER_AGENT), 256));
				session.setAttribute(LOGIN_METHOD, this.app);
				WebappLoginFilter.this.events.publishEvent(new LoginSucceeded(this.username, this.app));
			}
			else {
				WebappLoginFilter.this.throttle.failed(this.address, this.username);
				WebappLoginFilter.this.events.publishEvent(new LoginFailed(this.username, this.app, this.address));
			}
			writeLimit(response, this.address);
		}

	}

	private void writeLimit(HttpServletResponse response, String address) {
		long remaining = this.throttle.allowance(address).remaining();
		RateLimitHeaders.write(response, this.throttle.perMinute(), remaining, this.throttle.nanosToFull(remaining));
	}

	private static String cut(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

	private static String formValue(CachedBodyRequest request, String name) {
		String body = new String(request.body(), StandardCharsets.ISO_8859_1);
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			String key = (equals >= 0) ? pair.substring(0, equals) : pair;
			if (decode(key, request).equals(name)) {
				return (equals >= 0) ? decode(pair.substring(equals + 1), request) : "";
			}
		}
		return null;
	}

	private static String decode(String value, CachedBodyRequest request) {
		try {
			return URLDecoder.decode(value, request.charset());
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

}
