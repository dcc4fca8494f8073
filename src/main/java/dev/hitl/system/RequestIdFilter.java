package dev.hitl.system;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-ID} when it is a sane token,
 * else a new UUID. The id goes back on the response and into the log lines of the request
 * (MDC {@code requestId}, beside the trace id), so one request can be followed from the
 * agent's log to ours. Runs before security, so refusals carry it too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestIdFilter extends OncePerRequestFilter {

	public static final String HEADER = "X-Request-ID";

	public static final String MDC_KEY = "requestId";

	/** Letters, digits and a few separators; long enough for a UUID or a trace id. */
	private static final Pattern SANE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,127}");

	/**
	 * The id goes into every log line: one that carries an API key, a webhook secret or a
	 * worker token (sent there by mistake or on purpose) is replaced.
	 */
	private static boolean looksLikeCredential(String id) {
		String lower = id.toLowerCase(java.util.Locale.ROOT);
		return lower.contains("hitl_") || lower.contains("whsec_") || lower.contains("hitlw1.");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String given = request.getHeader(HEADER);
		String id = (given != null && SANE.matcher(given).matches() && !looksLikeCredential(given)) ? given
				: UUID.randomUUID().toString();
		response.setHeader(HEADER, id);
		MDC.put(MDC_KEY, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

}
