package dev.hitl.security;

import java.io.IOException;

import dev.hitl.system.ProblemResponses;
import dev.hitl.workflow.CamundaWeb;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Closes the Admin webapp's first-run setup ({@link CamundaWeb#WEBAPP_SETUP}), which
 * creates an admin for an anonymous caller. The first admin is always created at start-up
 * from {@code HITL_ADMIN_USER}/{@code HITL_ADMIN_PASSWORD}, so setup is never needed, and
 * refusing it outright leaves no window in which it could be raced. Also closes the
 * webapps' copy of the engine's password check, which would let any signed-in user guess
 * another account's password unthrottled.
 */
class WebappSetupGuard extends OncePerRequestFilter {

	private static final RequestMatcher SETUP = PathPatternRequestMatcher.withDefaults()
		.matcher(CamundaWeb.WEBAPP_SETUP);

	/**
	 * A password check for any account, past the login throttle; no webapp uses it
	 * (admins have {@code /engine-rest/identity/verify}).
	 */
	private static final RequestMatcher VERIFY = PathPatternRequestMatcher.withDefaults()
		.matcher(CamundaWeb.WEBAPP_PASSWORD_CHECK);

	private final ProblemResponses problems;

	WebappSetupGuard(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (SETUP.matches(request)) {
			this.problems.write(response, HttpStatus.FORBIDDEN,
					"Setup is disabled: the first admin comes from HITL_ADMIN_USER and HITL_ADMIN_PASSWORD");
			return;
		}
		if (VERIFY.matches(request)) {
			this.problems.write(response, HttpStatus.FORBIDDEN, "Passwords are checked at sign-in only");
			return;
		}
		chain.doFilter(request, response);
	}

}
