package dev.hitl.consultation;

import dev.hitl.system.NotOnWorkerNodes;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.security.Agent;
import dev.hitl.system.ApiDocs;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.PageRequest;
import dev.hitl.system.web.Params;
import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

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
@NotOnWorkerNodes
@RequestMapping("/api/v1/consultations")
@Tag(name = "Consultations", description = "Agents ask, and learn the answer (API key)")
@SecurityRequirement(name = ApiDocs.API_KEY)
class ConsultationController {

	private final ConsultationManagement consultations;

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final int MAX_IDEMPOTENCY_KEY = 255;

	static final int MAX_EXTERNAL_REF = 200;

	private final NewConsultationParser parser;

	private final IdempotentCreation idempotent;

	private final ConsultationChanges changes;

	private final LongPoll longPoll;

	ConsultationController(ConsultationManagement consultations, NewConsultationParser parser,
			IdempotentCreation idempotent, ConsultationChanges changes, LongPoll longPoll) {
		this.longPoll = longPoll;
		this.consultations = consultations;
		this.parser = parser;
		this.idempotent = idempotent;
		this.changes = changes;
	}

	/**
	 * Without an {@code Idempotency-Key} every request creates; with one, a retry answers
	 * the first response again (200, {@code Idempotent-Replayed: true}).
	 */
	@Operation(summary = "Create a consultation", description = ConsultationApiDocs.CREATE_DESCRIPTION,
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
					schema = @Schema(implementation = ConsultationApiDocs.NewConsultationRequest.class),
					examples = { @ExampleObject(name = "approval", value = ConsultationApiDocs.APPROVAL_EXAMPLE),
							@ExampleObject(name = "choice", value = ConsultationApiDocs.CHOICE_EXAMPLE),
							@ExampleObject(name = "text", value = ConsultationApiDocs.TEXT_EXAMPLE) })))
	@ApiResponse(responseCode = "201", description = "Created; the process runs",
			headers = @Header(name = "Location", description = "/api/v1/consultations/{id}"),
			content = @Content(schema = @Schema(implementation = Consultation.class),
					examples = @ExampleObject(value = ConsultationApiDocs.CONSULTATION_EXAMPLE)))
	@ApiResponse(responseCode = "400", description = "A field breaks a rule; each one is named in `errors`")
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
		if (values.size() > 1 || !isIdempotencyKey(key)) {
			throw new InvalidRequestException(IDEMPOTENCY_KEY,
					"must be one header of 1 to " + MAX_IDEMPOTENCY_KEY + " visible ASCII characters");
		}
		return key;
	}

	/**
	 * 1 to 255 visible ASCII characters, the same rule for the header and MCP's field.
	 */
	static boolean isIdempotencyKey(String key) {
		return !key.isEmpty() && key.length() <= MAX_IDEMPOTENCY_KEY
				&& key.chars().allMatch((c) -> c >= 0x21 && c <= 0x7e);
	}

	@Operation(summary = "Read a consultation", description = ConsultationApiDocs.GET_DESCRIPTION)
	@ApiResponse(responseCode = "200", description = "The consultation, with its `ETag`",
			content = @Content(schema = @Schema(implementation = Consultation.class),
					examples = @ExampleObject(value = ConsultationApiDocs.CONSULTATION_EXAMPLE)))
	@ApiResponse(responseCode = "304", description = "Not modified since the given `ETag`")
	@ApiResponse(responseCode = "400", description = "`wait` is not a whole number from 1 to 60")
	@ApiResponse(responseCode = "404", description = "No such consultation among the caller's")
	@ApiResponse(responseCode = "429", description = "Too many requests of this key (or node) are waiting already")
	@GetMapping("/{id}")
	Object get(@AuthenticationPrincipal Agent agent, @PathVariable UUID id,
			@Parameter(
					description = "Long poll: hold the answer up to this many seconds while the consultation "
							+ "is pending (with `If-None-Match`: while its ETag still matches)",
					schema = @Schema(type = "integer", minimum = "1", maximum = "60")) @RequestParam(
							required = false) String wait,
			WebRequest request) {
		if (wait == null) {
			Consultation consultation = this.consultations.find(agent.owner(), id)
				.orElseThrow(() -> ApiProblem.notFound("Consultation"));
			if (request.checkNotModified(consultation.etag())) {
				return null;
			}
			return ResponseEntity.ok().eTag(consultation.etag()).body(consultation);
		}
		return this.longPoll.get(agent, id, LongPoll.seconds(wait), request.getHeader("If-None-Match"));
	}

	@Operation(summary = "List the caller's consultations", description = ConsultationApiDocs.LIST_DESCRIPTION)
	@ApiResponse(responseCode = "200", description = "One page, with an `ETag`")
	@ApiResponse(responseCode = "304", description = "Not modified since the given `ETag`")
	@ApiResponse(responseCode = "400", description = "A filter or paging parameter is invalid")
	@GetMapping
	ResponseEntity<ConsultationPage> list(@AuthenticationPrincipal Agent agent, @Parameter(
			schema = @Schema(allowableValues = { "pending", "responded", "timed_out", "cancelled" })) @RequestParam(
					required = false) String state,
			@Parameter(schema = @Schema(allowableValues = { "low", "normal", "high", "urgent" })) @RequestParam(
					required = false) String priority,
			@Parameter(description = "The agent's own correlation id") @RequestParam(name = "external_ref",
					required = false) String externalRef,
			@Parameter(
					description = "Differential polling: changes at or after this RFC 3339 instant, oldest first; "
							+ "send the `next_updated_after` of the answer next time",
					schema = @Schema(format = "date-time")) @RequestParam(name = "updated_after",
							required = false) String updatedAfter,
			@Parameter(description = "Only 1 with `updated_after`",
					schema = @Schema(type = "integer", minimum = "1", defaultValue = "1")) @RequestParam(
							required = false) String page,
			@Parameter(schema = @Schema(type = "integer", minimum = "1", maximum = "100",
					defaultValue = "20")) @RequestParam(name = "page_size", required = false) String pageSize,
			WebRequest request) {
		Params params = new Params();
		ConsultationFilter filter = new ConsultationFilter(params.oneOf("state", state, ConsultationStates.ALL),
				params.oneOf("priority", priority, NewConsultationParser.PRIORITIES),
				params.storable("external_ref", externalRef, MAX_EXTERNAL_REF),
				params.instant("updated_after", updatedAfter));
		params.throwIfInvalid();
		PageRequest paging = PageRequest.of(page, pageSize);
		ConsultationPage found;
		if (filter.updatedAfter() != null) {
			if (paging.page() != 1) {
				throw new InvalidRequestException("page",
						"must be 1 with updated_after: send next_updated_after to read on");
			}
			found = this.changes.since(agent.owner(), filter, paging.pageSize());
		}
		else {
			found = ConsultationPage.of(this.consultations.list(agent.owner(), filter, paging));
		}
		String etag = found.etag();
		if (request.checkNotModified(etag)) {
			return null;
		}
		return ResponseEntity.ok().eTag(etag).body(found);
	}

	@Operation(summary = "Cancel a pending consultation",
			description = "The review ends at once; a `consultation.cancelled` webhook follows.")
	@ApiResponse(responseCode = "200", description = "Cancelled")
	@ApiResponse(responseCode = "404", description = "No such consultation among the caller's")
	@ApiResponse(responseCode = "409", description = "Already answered, timed out or cancelled")
	@PostMapping("/{id}/cancel")
	Consultation cancel(@AuthenticationPrincipal Agent agent, @PathVariable UUID id) {
		return this.consultations.cancel(agent.owner(), id);
	}

}
