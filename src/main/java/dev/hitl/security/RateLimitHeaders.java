package dev.hitl.security;

import java.io.IOException;

import dev.hitl.system.ProblemResponses;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The headers of limited routes: {@code X-RateLimit-Limit}, {@code -Remaining} and
 * {@code -Reset} (seconds until the bucket is full again), and {@code Retry-After} with a
 * 429 problem when the bucket is empty.
 */
final class RateLimitHeaders {

	private RateLimitHeaders() {
	}

	static void write(HttpServletResponse response, int limit, ConsumptionProbe probe) {
		response.setHeader("X-RateLimit-Limit", Integer.toString(limit));
		response.setHeader("X-RateLimit-Remaining", Long.toString(Math.max(0, probe.getRemainingTokens())));
		response.setHeader("X-RateLimit-Reset", Long.toString(seconds(probe.getNanosToWaitForReset())));
	}

	static void write(HttpServletResponse response, int limit, long remaining, long nanosToReset) {
		response.setHeader("X-RateLimit-Limit", Integer.toString(limit));
		response.setHeader("X-RateLimit-Remaining", Long.toString(Math.max(0, remaining)));
		response.setHeader("X-RateLimit-Reset", Long.toString(seconds(nanosToReset)));
	}

	static void tooManyRequests(HttpServletResponse response, long nanosToWait, ProblemResponses problems)
			throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds(nanosToWait))));
		problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests; retry after the Retry-After delay");
	}

	private static long seconds(long nanos) {
		return (nanos + 999_999_999L) / 1_000_000_000L;
	}

}
