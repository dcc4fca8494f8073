package dev.hitl.consultation;

import dev.hitl.system.ServesApi;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.security.Agent;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.PageRequest;
import dev.hitl.system.PageResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * The agent-facing API: create, read, poll and cancel consultations of the key's owner.
 */
@RestController
@ServesApi
@RequestMapping("/api/v1/consultations")
class ConsultationController {

	private final ConsultationManagement consultations;

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final int MAX_IDEMPOTENCY_KEY = 255;

	private final NewConsultationParser parser;

	private final IdempotentCreation idempotent;

	ConsultationController(ConsultationManagement consultations, NewConsultationParser parser,
			IdempotentCreation idempotent) {
		this.consultations = consultations;
		this.parser = parser;
		this.idempotent = idempotent;
	}

	/**
	 * Without an {@code Idempotency-Key} every request creates; with one, a retry answers
	 * the first response again (200, {@code Idempotent-Replayed: true}).
	 */
	@PostMapping
	ResponseEntity<?> create(@AuthenticationPrincipal Agent agent, @RequestBody JsonNode body,
			HttpServletRequest request) {
		String key = idempotencyKey(request);
		NewConsultation consultation = this.parser.parse(body);
		if (key == null) {
			Consultation created = this.consultations.create(agent, consultation);
			return ResponseEntity.created(URI.create("/api/v1/consultations/" + created.id()))
				.eTag(created.etag())
				.body(created);
		}
		IdempotentCreation.Result result = this.idempotent.create(agent.owner(), key, body,
				() -> this.consultations.create(agent, consultation));
		URI location = URI.create("/api/v1/consultations/" + result.id().orElseThrow());
		if (result.replayed()) {
			return ResponseEntity.ok()
				.location(location)
				.header("Idempotent-Replayed", "true")
				.body(result.consultation());
		}
		return ResponseEntity.created(location).body(result.consultation());
	}

	/**
	 * One header of 1 to 255 visible ASCII characters; the draft's quoted form
	 * ({@code "abc"}) is accepted too.
	 */
	static String idempotencyKey(HttpServletRequest request) {
		List<String> values = Collections.list(request.getHeaders(IDEMPOTENCY_KEY));
		if (values.isEmpty()) {
			return null;
		}
		String key = values.get(0).strip();
		if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
			key = key.substring(1, key.length() - 1);
		}
		if (values.size() > 1 || key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY
				|| !key.chars().allMatch((c) -> c >= 0x21 && c <= 0x7e)) {
			throw new InvalidRequestException(IDEMPOTENCY_KEY,
					"must be one header of 1 to " + MAX_IDEMPOTENCY_KEY + " visible ASCII characters");
		}
		return key;
	}

	@GetMapping("/{id}")
	ResponseEntity<Consultation> get(@AuthenticationPrincipal Agent agent, @PathVariable UUID id, WebRequest request) {
		Consultation consultation = this.consultations.find(agent.owner(), id)
			.orElseThrow(() -> ApiProblem.notFound("Consultation"));
		if (request.checkNotModified(consultation.etag())) {
			return null;
		}
		return ResponseEntity.ok().eTag(consultation.etag()).body(consultation);
	}

	@GetMapping
	ResponseEntity<PageResponse<Consultation>> list(@AuthenticationPrincipal Agent agent,
			@RequestParam(required = false) String state, @RequestParam(required = false) String priority,
			@RequestParam(name = "external_ref", required = false) String externalRef,
			@RequestParam(name = "updated_after", required = false) String updatedAfter,
			@RequestParam(required = false) String page,
			@RequestParam(name = "page_size", required = false) String pageSize, WebRequest request) {
		ConsultationFilter filter = new ConsultationFilter(oneOf("state", state, ConsultationStates.ALL),
				oneOf("priority", priority, NewConsultationParser.PRIORITIES), externalRef, instant(updatedAfter));
		PageResponse<Consultation> found = this.consultations.list(agent.owner(), filter,
				PageRequest.of(page, pageSize));
		String etag = "\"" + Integer.toHexString(found.items()
			.stream()
			.map(Consultation::etag)
			.collect(Collectors.joining(",", found.total() + ":" + found.page() + ":", ""))
			.hashCode()) + "\"";
		if (request.checkNotModified(etag)) {
			return null;
		}
		return ResponseEntity.ok().eTag(etag).body(found);
	}

	@PostMapping("/{id}/cancel")
	Consultation cancel(@AuthenticationPrincipal Agent agent, @PathVariable UUID id) {
		return this.consultations.cancel(agent.owner(), id);
	}

	static String oneOf(String field, String value, java.util.Set<String> allowed) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		if (!allowed.contains(value)) {
			throw new InvalidRequestException(field, "must be one of " + allowed.stream().sorted().toList());
		}
		return value;
	}

	private static Instant instant(String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new InvalidRequestException("updated_after",
					"must be an RFC 3339 date-time such as 2026-11-23T10:00:00Z");
		}
	}

}
