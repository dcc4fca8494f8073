package dev.hitl.security;

import java.util.ArrayList;
import java.util.List;

import dev.hitl.system.StorableText;
import dev.hitl.workflow.ReviewerDirectory;
import dev.hitl.workflow.ReviewerDirectory.Account;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Checks a user name and password against the engine's identity service, within the
 * failed-login limits of {@link LoginThrottle}.
 */
@Component
class IdentityAuthenticationProvider implements AuthenticationProvider {

	static final String ROLE_REVIEWER = "ROLE_REVIEWER";

	static final String ROLE_ADMIN = "ROLE_ADMIN";

	/**
	 * Held by accounts of the engine's identity service only (not by OIDC tokens): the
	 * engine's REST API and session management act as that account.
	 */
	static final String ROLE_ACCOUNT = "ROLE_ACCOUNT";

	private final ReviewerDirectory directory;

	private final LoginThrottle throttle;

	private final ApplicationEventPublisher events;

	IdentityAuthenticationProvider(ReviewerDirectory directory, LoginThrottle throttle,
			ApplicationEventPublisher events) {
		this.directory = directory;
		this.throttle = throttle;
		this.events = events;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String name = authentication.getName();
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : null;
		this.throttle.checkAllowed(address);
		String password = (authentication.getCredentials() != null) ? authentication.getCredentials().toString() : null;
		// No account id holds control characters, and PostgreSQL refuses a query with
		// NUL.
		Account account = StorableText.isPlainLine(name) ? this.directory.authenticate(name, password).orElse(null)
				: null;
		if (account == null) {
			this.throttle.failed(address, name);
			this.events.publishEvent(new LoginFailed(cut(name), method(), address));
			throw new BadCredentialsException("Bad credentials");
		}
		Reviewer reviewer = toReviewer(account);
		return UsernamePasswordAuthenticationToken.authenticated(reviewer, null, authorities(reviewer));
	}

	/** HTTP Basic, or a login form such as the portal's. */
	private static String method() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			String header = attributes.getRequest().getHeader(HttpHeaders.AUTHORIZATION);
			if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
				return "portal";
			}
		}
		return "basic";
	}

	/**
	 * A name as tried, fit for the audit trail: at most 64 characters, control characters
	 * and unpaired surrogates replaced.
	 */
	static String cut(String name) {
		if (name == null) {
			return null;
		}
		String safe = StorableText.isPlainLine(name) ? name
				: name.codePoints()
					.map((c) -> (Character.isISOControl(c) || (c >= 0xD800 && c <= 0xDFFF)) ? '?' : c)
					.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
					.toString();
		return (safe.length() <= 64) ? safe : safe.substring(0, 64);
	}

	static Reviewer toReviewer(Account account) {
		return Reviewer.of(account);
	}

	static List<GrantedAuthority> authorities(Reviewer reviewer) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority(ROLE_REVIEWER));
		authorities.add(new SimpleGrantedAuthority(ROLE_ACCOUNT));
		if (reviewer.admin()) {
			authorities.add(new SimpleGrantedAuthority(ROLE_ADMIN));
		}
		return authorities;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
