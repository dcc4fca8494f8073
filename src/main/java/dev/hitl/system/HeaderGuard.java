package dev.hitl.system;

import java.io.IOException;
import java.util.Enumeration;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request with control characters (bytes 0x00-0x1f and 0x7f-0x9f, but for a tab
 * in a value) in a header, before anything reads it. Spring Security's firewall refuses
 * those too, but only when some code first reads that header: deep in a controller, a
 * Jersey resource of the engine or the error page, where the refusal surfaced as a 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class HeaderGuard extends OncePerRequestFilter {

	/**
	 * What the firewall allows in names (its default): assigned characters, no controls.
	 */
	private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	/** And in values: the same, and the horizontal tab HTTP allows there. */
	private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]\\t]]*");

	private final ProblemResponses problems;

	HeaderGuard(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements();) {
			String name = names.nextElement();
			boolean allowed = NAME.matcher(name).matches();
			for (Enumeration<String> values = request.getHeaders(name); allowed && values.hasMoreElements();) {
				allowed = VALUE.matcher(values.nextElement()).matches();
			}
			if (!allowed) {
				this.problems.write(response, HttpStatus.BAD_REQUEST,
						"A request header holds characters that are not allowed (control characters)");
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
