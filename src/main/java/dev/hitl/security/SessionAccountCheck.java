package dev.hitl.security;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import dev.hitl.workflow.ReviewerDirectory;
import dev.hitl.workflow.ReviewerDirectory.Account;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A portal session keeps what its account was at sign-in; this reads the account again at
 * least every {@code interval} (a minute by default), so that an admin removed from
 * {@code camunda-admin}, or a reviewer taken out of a group, loses those rights within it
 * on every node, and a deleted account's session ends. Runs before the session's sign-in
 * is loaded, so the request itself already sees the account as it is now.
 */
class SessionAccountCheck extends OncePerRequestFilter {

	static final String CHECKED_AT = "hitl.accountCheckedAt";

	private static final String CONTEXT = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;

	private final ReviewerDirectory directory;

	private final Duration interval;

	private final Clock clock;

	SessionAccountCheck(ReviewerDirectory directory, Duration interval, Clock clock) {
		this.directory = directory;
		this.interval = interval;
		this.clock = clock;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		if (session != null && session.getAttribute(CONTEXT) instanceof SecurityContext context
				&& context.getAuthentication() instanceof UsernamePasswordAuthenticationToken signedIn
				&& signedIn.getPrincipal() instanceof Reviewer reviewer && isDue(session)) {
			recheck(session, signedIn, reviewer);
		}
		chain.doFilter(request, response);
	}

	private boolean isDue(HttpSession session) {
		Object checkedAt = session.getAttribute(CHECKED_AT);
		long last = (checkedAt instanceof Long millis) ? millis : session.getCreationTime();
		return this.clock.millis() - last >= this.interval.toMillis();
	}

	private void recheck(HttpSession session, Authentication signedIn, Reviewer reviewer) {
		Account account = this.directory.find(reviewer.id()).orElse(null);
		if (account == null) {
			session.invalidate();
			return;
		}
		Reviewer now = IdentityAuthenticationProvider.toReviewer(account);
		if (!now.equals(reviewer)) {
			UsernamePasswordAuthenticationToken updated = UsernamePasswordAuthenticationToken.authenticated(now, null,
					IdentityAuthenticationProvider.authorities(now));
			updated.setDetails(signedIn.getDetails());
			session.setAttribute(CONTEXT, new SecurityContextImpl(updated));
		}
		session.setAttribute(CHECKED_AT, this.clock.millis());
	}

}
