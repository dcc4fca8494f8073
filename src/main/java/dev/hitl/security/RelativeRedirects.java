package dev.hitl.security;

import java.net.URI;

import org.springframework.security.web.DefaultRedirectStrategy;

/**
 * Redirects to a path, never to an absolute URL: the absolute URL of a saved page visit
 * is built from the request's {@code Host} header, which a client (or a poisoned cache in
 * between) can forge. Every redirect of the portal stays on the site it came to.
 */
final class RelativeRedirects extends DefaultRedirectStrategy {

	@Override
	protected String calculateRedirectUrl(String contextPath, String url) {
		String target = super.calculateRedirectUrl(contextPath, url);
		URI uri;
		try {
			uri = URI.create(target);
		}
		catch (IllegalArgumentException ex) {
			return contextPath + "/";
		}
		if (!uri.isAbsolute() && uri.getRawAuthority() == null) {
			return target;
		}
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		return path + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
	}

}
