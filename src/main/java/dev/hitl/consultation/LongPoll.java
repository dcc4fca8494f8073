package dev.hitl.consultation;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import dev.hitl.consultation.ConsultationWaits.TooManyWaitersException;
import dev.hitl.security.Agent;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.InvalidRequestException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code GET /api/v1/consultations/{id}?wait=N}: the request is handed to
 * {@link ConsultationWaits} and its thread returns to the container (async request
 * handling) until the wait ends; then it is answered as without {@code wait}.
 */
@Component
class LongPoll {

	static final int MAX_WAIT_SECONDS = 60;

	private final ConsultationWaits waits;

	LongPoll(ConsultationWaits waits) {
		this.waits = waits;
	}

	static Duration seconds(String wait) {
		try {
			int seconds = Integer.parseInt(wait);
			if (seconds >= 1 && seconds <= MAX_WAIT_SECONDS) {
				return Duration.ofSeconds(seconds);
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new InvalidRequestException("wait", "must be a whole number of seconds from 1 to " + MAX_WAIT_SECONDS);
	}

	Object get(Agent agent, UUID id, Duration wait, String ifNoneMatch) {
		Predicate<Consultation> holding = (ifNoneMatch != null) ? (c) -> matches(ifNoneMatch, c.etag())
				: (c) -> Consultation.PENDING.equals(c.state());
		// The container's own limit only backs up the waiter's, which always ends first.
		DeferredResult<ResponseEntity<?>> result = new DeferredResult<>(wait.plusSeconds(30).toMillis());
		try {
			this.waits.await(agent, id, holding, wait).whenComplete((found, failure) -> {
				if (failure != null) {
					result.setErrorResult(failure);
				}
				else {
					answer(result, found, ifNoneMatch);
				}
			});
		}
		catch (TooManyWaitersException ex) {
			return tooManyWaiters(ex);
		}
		return result;
	}

	private static void answer(DeferredResult<ResponseEntity<?>> result, Optional<Consultation> found,
			String ifNoneMatch) {
		if (found.isEmpty()) {
			result.setErrorResult(ApiProblem.notFound("Consultation"));
			return;
		}
		Consultation consultation = found.get();
		if (ifNoneMatch != null && matches(ifNoneMatch, consultation.etag())) {
			result.setResult(ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(consultation.etag()).build());
			return;
		}
		result.setResult(ResponseEntity.ok().eTag(consultation.etag()).body(consultation));
	}

	static ResponseEntity<ProblemDetail> tooManyWaiters(TooManyWaitersException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage());
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
	}

	/** {@code If-None-Match} compares weakly (RFC 9110): {@code W/} is ignored. */
	static boolean matches(String ifNoneMatch, String etag) {
		String tag = opaque(etag);
		return Arrays.stream(ifNoneMatch.split(","))
			.map(String::strip)
			.anyMatch((candidate) -> "*".equals(candidate) || opaque(candidate).equals(tag));
	}

	private static String opaque(String tag) {
		return tag.startsWith("W/") ? tag.substring(2) : tag;
	}

}
