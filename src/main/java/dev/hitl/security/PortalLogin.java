package dev.hitl.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.session.FindByIndexNameSessionRepository;

/**
 * How the portal's form login behaves around Spring Security: a signed-in session is
 * tagged like a webapp login (so it can be listed and ended) and recorded; a refused or
 * throttled sign-in goes back to the login page with the reason; htmx requests of an
 * expired session are sent to the login page as a whole.
 */
final class PortalLogin {

	static final String LOGIN_PAGE = "/login";

	static final String HOME = "/dashboard";

	/**
	 * Says why a request was refused; shows nothing else, so anyone may be sent there.
	 */
	static final String FORBIDDEN_PAGE = "/forbidden";

	private static final String HTMX_REQUEST = "HX-Request";

	private PortalLogin() {
	}

	static AuthenticationSuccessHandler succeeded(ApplicationEventPublisher events, RequestCache requests) {
		SavedRequestAwareAuthenticationSuccessHandler redirect = new SavedRequestAwareAuthenticationSuccessHandler();
		redirect.setDefaultTargetUrl(HOME);
		redirect.setRequestCache(requests);
		redirect.setRedirectStrategy(new RelativeRedirects());
		return (request, response, authentication) -> {
			tagSession(request, authentication);
			events.publishEvent(new LoginSucceeded(authentication.getName(), "portal"));
			redirect.onAuthenticationSuccess(request, response, authentication);
		};
	}

	static AuthenticationFailureHandler failed() {
		return (request, response, ex) -> response.sendRedirect(request.getContextPath() + LOGIN_PAGE
				+ ((ex instanceof LoginThrottledException) ? "?throttled" : "?error"));
	}

	/**
	 * Saves only page visits, so that after signing in the reviewer lands where they
	 * were.
	 */
	static RequestCache pageVisits() {
		HttpSessionRequestCache cache = new HttpSessionRequestCache();
		// Back to the page itself, without Spring Security's "?continue" marker.
		cache.setMatchingRequestParameterName(null);
		cache.setRequestMatcher(
				(request) -> "GET".equals(request.getMethod()) && request.getHeader(HTMX_REQUEST) == null);
		return cache;
	}

	static AuthenticationEntryPoint signInFirst() {
		LoginUrlAuthenticationEntryPoint page = new LoginUrlAuthenticationEntryPoint(LOGIN_PAGE);
		// Not an absolute URL made from the request's (forgeable) Host header.
		page.setFavorRelativeUris(true);
		return (request, response, ex) -> {
			if (request.getHeader(HTMX_REQUEST) != null) {
				response.setHeader("HX-Redirect", request.getContextPath() + LOGIN_PAGE);
				response.setStatus(HttpStatus.UNAUTHORIZED.value());
				return;
			}
			page.commence(request, response, ex);
		};
	}

	/**
	 * A form posted after the session ended carries a stale CSRF token: sign in again.
	 * Anything else refused renders the portal's "not allowed" page.
	 */
	static AccessDeniedHandler refused(String forbiddenPage) {
		AccessDeniedHandlerImpl page = new AccessDeniedHandlerImpl();
		page.setErrorPage(forbiddenPage);
		AccessDeniedHandlerImpl formPage = new AccessDeniedHandlerImpl();
		formPage.setErrorPage(forbiddenPage + "?form");
		return (request, response, ex) -> {
			if (ex instanceof CsrfException && !request.isRequestedSessionIdValid()) {
				response.sendRedirect(request.getContextPath() + LOGIN_PAGE + "?expired");
				return;
			}
			deny((ex instanceof CsrfException) ? formPage : page, request, response, ex);
		};
	}

	private static void deny(AccessDeniedHandlerImpl page, HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException ex) throws IOException, ServletException {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		page.handle(request, response, ex);
	}

	private static void tagSession(HttpServletRequest request, Authentication authentication) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return;
		}
		session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, authentication.getName());
		session.setAttribute(WebappLoginFilter.CLIENT_ADDRESS, request.getRemoteAddr());
		String agent = request.getHeader(HttpHeaders.USER_AGENT);
		session.setAttribute(WebappLoginFilter.USER_AGENT,
				(agent == null || agent.length() <= 256) ? agent : agent.substring(0, 256));
		session.setAttribute(WebappLoginFilter.LOGIN_METHOD, "portal");
	}

}
