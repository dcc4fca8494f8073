package dev.hitl.security;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import dev.hitl.system.ProblemResponses;
import dev.hitl.system.StorableText;
import io.github.bucket4j.ConsumptionProbe;
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

/**
 * Around the Camunda webapps' own login and logout: limits login attempts per address and
 * name, records the outcome, tags the new session with its user (so it can be listed and
 * ended) and ends the whole session at logout, which the webapps alone would keep.
 * Camunda itself renews the session id at login.
 */
class WebappLoginFilter extends OncePerRequestFilter {

	static final String CLIENT_ADDRESS = "hitl.clientAddress";

	static final String USER_AGENT = "hitl.userAgent";

	static final String LOGIN_METHOD = "hitl.loginMethod";

	private static final int MAX_LOGIN_BODY = 16 * 1024;

	private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

	private static final PathPatternRequestMatcher LOGIN = PATHS.matcher(HttpMethod.POST,
			"/camunda/api/admin/auth/user/{engine}/login/{app}");

	private static final RequestMatcher LOGOUT = PATHS.matcher(HttpMethod.POST,
			"/camunda/api/admin/auth/user/{engine}/logout");

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
			login(request, response, chain, LOGIN.matcher(request).getVariables().get("app"));
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
		String tried = formValue(cached, "username");
		String username = IdentityAuthenticationProvider.cut(tried);
		String address = request.getRemoteAddr();
		ConsumptionProbe probe = this.throttle.attempt(address, username);
		RateLimitHeaders.write(response, this.throttle.perMinute(), probe);
		if (!probe.isConsumed()) {
			RateLimitHeaders.tooManyRequests(response, probe.getNanosToWaitForRefill(), this.problems);
			return;
		}
		if (!StorableText.isPlainLine(tried)) {
			// No account has such a name; PostgreSQL would refuse the engine's query.
			this.events.publishEvent(new LoginFailed(username, app));
			this.problems.write(response, HttpStatus.UNAUTHORIZED, "Wrong user name or password");
			return;
		}
		chain.doFilter(cached, response);
		HttpSession session = request.getSession(false);
		if (response.getStatus() == HttpStatus.OK.value() && session != null && username != null) {
			session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, username);
			session.setAttribute(CLIENT_ADDRESS, address);
			session.setAttribute(USER_AGENT, cut(request.getHeader(HttpHeaders.USER_AGENT), 256));
			session.setAttribute(LOGIN_METHOD, app);
			this.events.publishEvent(new LoginSucceeded(username, app));
		}
		else {
			this.events.publishEvent(new LoginFailed(username, app));
		}
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
