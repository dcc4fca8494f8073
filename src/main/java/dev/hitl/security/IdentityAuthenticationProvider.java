package dev.hitl.security;

import java.util.ArrayList;
import java.util.List;

import dev.hitl.workflow.ReviewerDirectory;
import dev.hitl.workflow.ReviewerDirectory.Account;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/** Checks a user name and password against the engine's identity service. */
@Component
class IdentityAuthenticationProvider implements AuthenticationProvider {

	static final String ROLE_REVIEWER = "ROLE_REVIEWER";

	static final String ROLE_ADMIN = "ROLE_ADMIN";

	private final ReviewerDirectory directory;

	IdentityAuthenticationProvider(ReviewerDirectory directory) {
		this.directory = directory;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String password = (authentication.getCredentials() != null) ? authentication.getCredentials().toString() : null;
		Account account = this.directory.authenticate(authentication.getName(), password)
			.orElseThrow(() -> new BadCredentialsException("Bad credentials"));
		Reviewer reviewer = toReviewer(account);
		return UsernamePasswordAuthenticationToken.authenticated(reviewer, null, authorities(reviewer));
	}

	static Reviewer toReviewer(Account account) {
		String name = String.join(" ", nonNull(account.firstName()), nonNull(account.lastName())).trim();
		return new Reviewer(account.id(), name.isEmpty() ? account.id() : name, account.email(),
				List.copyOf(account.groups()), account.isAdmin());
	}

	static List<GrantedAuthority> authorities(Reviewer reviewer) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(new SimpleGrantedAuthority(ROLE_REVIEWER));
		if (reviewer.admin()) {
			authorities.add(new SimpleGrantedAuthority(ROLE_ADMIN));
		}
		return authorities;
	}

	private static String nonNull(String value) {
		return (value != null) ? value : "";
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
