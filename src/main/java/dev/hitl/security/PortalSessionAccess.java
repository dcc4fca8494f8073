package dev.hitl.security;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * A reviewer signed in to the portal may call the reviewer API with that session, as a
 * page's script would: the API chain reads the portal's sign-in from the session for the
 * reviewer routes only, never stores one there (the API itself stays stateless), and asks
 * such cookie-authenticated changes for the session's CSRF token.
 */
final class PortalSessionAccess {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final RequestMatcher reviewerRoutes;

	private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

	PortalSessionAccess(String... reviewerRoutes) {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		this.reviewerRoutes = new OrRequestMatcher(
				java.util.Arrays.stream(reviewerRoutes).map((route) -> (RequestMatcher) paths.matcher(route)).toList());
	}

	/**
	 * Loads the portal's sign-in on reviewer routes; otherwise, and for saving, keeps the
	 * context for the request only, as a stateless chain does.
	 */
	SecurityContextRepository contextRepository() {
		return new SecurityContextRepository() {

			private final RequestAttributeSecurityContextRepository request = new RequestAttributeSecurityContextRepository();

			@Override
			@SuppressWarnings("deprecation")
			public SecurityContext loadContext(HttpRequestResponseHolder holder) {
				return loadDeferredContext(holder.getRequest()).get();
			}

			@Override
			public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
				return fromSession(request) ? PortalSessionAccess.this.sessions.loadDeferredContext(request)
						: this.request.loadDeferredContext(request);
			}

			@Override
			public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
				this.request.saveContext(context, request, response);
			}

			@Override
			public boolean containsContext(HttpServletRequest request) {
				return this.request.containsContext(request) || fromSession(request);
			}

			private boolean fromSession(HttpServletRequest request) {
				return request.getRequestedSessionId() != null
						&& PortalSessionAccess.this.reviewerRoutes.matches(request)
						&& PortalSessionAccess.this.sessions.containsContext(request);
			}

		};
	}

	/**
	 * Changes that a browser's cookie alone would authenticate: no Authorization header,
	 * a session cookie, and not a safe method. Callers with a key, a password or a token
	 * cannot be forged by another site and need no token.
	 */
	RequestMatcher needsCsrfToken() {
		return (request) -> !SAFE_METHODS.contains(request.getMethod())
				&& request.getHeader(HttpHeaders.AUTHORIZATION) == null && request.getRequestedSessionId() != null;
	}

}
