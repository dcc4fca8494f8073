package dev.hitl.security;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Marks every cookie the Camunda webapps set (their XSRF token,
 * {@link dev.hitl.workflow.CamundaWeb#XSRF_COOKIE}, whose Secure flag is otherwise fixed
 * in configuration) {@code Secure} when the request came over TLS, directly
 * ({@code server.ssl}) or through a proxy that says so ({@code X-Forwarded-Proto}). The
 * session cookie of Spring Session does this by itself.
 */
class SecureCookieFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, request.isSecure() ? new SecureCookies(response) : response);
	}

	private static final class SecureCookies extends HttpServletResponseWrapper {

		SecureCookies(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void addCookie(Cookie cookie) {
			cookie.setSecure(true);
			super.addCookie(cookie);
		}

		@Override
		public void addHeader(String name, String value) {
			super.addHeader(name, secure(name, value));
		}

		@Override
		public void setHeader(String name, String value) {
			super.setHeader(name, secure(name, value));
		}

		private static String secure(String name, String value) {
			if (value == null || !HttpHeaders.SET_COOKIE.equalsIgnoreCase(name)
					|| value.toLowerCase(Locale.ROOT).matches(".*;\\s*secure\\s*(;.*)?")) {
				return value;
			}
			return value + "; Secure";
		}

	}

}
