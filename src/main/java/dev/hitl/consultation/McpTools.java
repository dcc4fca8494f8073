package dev.hitl.consultation;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hitl.consultation.ConsultationWaits.TooManyWaitersException;
import dev.hitl.security.Agent;
import dev.hitl.security.CreationLimit;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.PageRequest;
import dev.hitl.system.web.Params;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;

/**
 * The four MCP tools of ARCHITECTURE section 9. Each does what its REST route does,
 * through the same services, parser, idempotency keys, creation limit and owner scoping;
 * a refusal is a tool result with {@code isError} and the problem (never a JSON-RPC error
 * or a trace). Waits are {@link ConsultationWaits}' waiters, as for long polls.
 */
final class McpTools {

	static final String AGENT = "hitl.agent";

	static final int MAX_WAIT_SECONDS = 50;

	private static final Logger log = LoggerFactory.getLogger(McpTools.class);

	private final ConsultationManagement consultations;

	private final NewConsultationParser parser;

	private final IdempotentCreation idempotent;

	private final ConsultationChanges changes;

	private final ConsultationWaits waits;

	private final CreationLimit creationLimit;

	private final ObjectMapper json;

	private final ToolSchemas schemas;

	McpTools(ConsultationManagement consultations, NewConsultationParser parser, IdempotentCreation idempotent,
			ConsultationChanges changes, ConsultationWaits waits, CreationLimit creationLimit, ObjectMapper json) {
		this.consultations = consultations;
		this.parser = parser;
		this.idempotent = idempotent;
		this.changes = changes;
		this.waits = waits;
		this.creationLimit = creationLimit;
		this.json = json;
		this.schemas = new ToolSchemas(json);
	}

	List<AsyncToolSpecification> all() {
		Map<String, Object> consultation = this.schemas.of(Consultation.class,
				Map.of("poll_after_seconds", Map.of("type", List.of("integer", "null"), "description",
						"While pending: call get_consultation again after this many seconds (with wait_seconds)")));
		return List.of(tool("ask_human", "Ask a human", """
				Ask a human reviewer to approve, choose or answer; returns at once unless wait_seconds is set. \
				Returns the consultation: while its state is pending, call get_consultation with wait_seconds \
				until it is responded, timed_out or cancelled. Send an idempotency_key so that repeating the \
				call (after a restart or a lost reply) returns the same consultation instead of asking twice.""",
				this.schemas.of(ConsultationApiDocs.NewConsultationRequest.class,
						Map.of("idempotency_key",
								Map.of("type", "string", "minLength", 1, "maxLength", 255, "description",
										"Your key for this question: the same key returns the same "
												+ "consultation (as the REST Idempotency-Key header)"),
								"wait_seconds", waitSeconds())),
				consultation, false, this::ask),
				tool("get_consultation", "Get a consultation's answer", """
						Read a consultation you asked, with the reviewer's response once there is one. With \
						wait_seconds (up to 50) the call waits while it is pending and returns as soon as it is \
						answered, times out or is cancelled.""",
						object(Map.of("id", id(), "wait_seconds", waitSeconds()), List.of("id")), consultation, true,
						this::get),
				tool("list_consultations", "List consultations", """
						List the consultations you asked, newest first; filter by state or your external_ref. \
						With updated_after (RFC 3339) only the changes since then, oldest first, and \
						next_updated_after to send next time.""",
						object(Map.of("state",
								Map.of("type", "string", "enum", ConsultationStates.ALL.stream().sorted().toList()),
								"external_ref", Map.of("type", "string", "maxLength", 200), "updated_after",
								Map.of("type", "string", "format", "date-time"), "page_size",
								Map.of("type", "integer", "minimum", 1, "maximum", 100, "default", 20)), List.of()),
						this.schemas.of(ConsultationPage.class, Map.of()), true, this::list),
				tool("cancel_consultation", "Cancel a question", """
						Withdraw a pending consultation: reviewers can no longer answer it. Fails if it was \
						already answered, timed out or cancelled.""", object(Map.of("id", id()), List.of("id")),
						consultation, false, this::cancel));
	}

	private Mono<CallToolResult> ask(Agent agent, Map<String, Object> arguments) {
		ObjectNode body = this.json.valueToTree(arguments);
		Params params = new Params();
		String key = params.string("idempotency_key", body.remove("idempotency_key"));
		params.throwIfInvalid();
		if (key != null && !ConsultationController.isIdempotencyKey(key)) {
			throw new InvalidRequestException("idempotency_key", "must be 1 to 255 visible ASCII characters");
		}
		int wait = waitSeconds(body.remove("wait_seconds"));
		NewConsultation request = this.parser.parse(body);
		Optional<Duration> limited = this.creationLimit.tryCreate(agent);
		if (limited.isPresent()) {
			throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "Too many consultations created with this API key; "
					+ "retry in " + Math.max(1, limited.get().toSeconds()) + " s");
		}
		UUID id;
		if (key == null) {
			id = this.consultations.create(agent, request).id();
		}
		else {
			id = UUID.fromString(
					this.idempotent.create(agent.owner(), key, body, () -> this.consultations.create(agent, request))
						.id()
						.orElseThrow());
		}
		try {
			return waitFor(agent, id, wait);
		}
		catch (TooManyWaitersException ex) {
			// Asked all the same: the agent learns the id and waits later, not asks
			// again.
			return waitFor(agent, id, 0);
		}
	}

	private Mono<CallToolResult> get(Agent agent, Map<String, Object> arguments) {
		return waitFor(agent, uuid(arguments.get("id")),
				waitSeconds(this.json.valueToTree(arguments.get("wait_seconds"))));
	}

	private Mono<CallToolResult> list(Agent agent, Map<String, Object> arguments) {
		ObjectNode args = this.json.valueToTree(arguments);
		Params params = new Params();
		ConsultationFilter filter = new ConsultationFilter(
				params.oneOf("state", params.string("state", args.get("state")), ConsultationStates.ALL), null,
				params.storable("external_ref", params.string("external_ref", args.get("external_ref")),
						ConsultationController.MAX_EXTERNAL_REF),
				params.instant("updated_after", params.string("updated_after", args.get("updated_after"))));
		params.throwIfInvalid();
		JsonNode size = args.get("page_size");
		PageRequest paging = PageRequest.of(null, (size == null || size.isNull()) ? null : size.asText());
		ConsultationPage page = (filter.updatedAfter() != null)
				? this.changes.since(agent.owner(), filter, paging.pageSize())
				: ConsultationPage.of(this.consultations.list(agent.owner(), filter, paging));
		return Mono.just(result(this.json.valueToTree(page)));
	}

	private Mono<CallToolResult> cancel(Agent agent, Map<String, Object> arguments) {
		return Mono.just(result(resource(this.consultations.cancel(agent.owner(), uuid(arguments.get("id"))), 0)));
	}

	private Mono<CallToolResult> waitFor(Agent agent, UUID id, int waitSeconds) {
		if (waitSeconds == 0) {
			Consultation consultation = this.consultations.find(agent.owner(), id)
				.orElseThrow(() -> ApiProblem.notFound("Consultation"));
			return Mono.just(result(resource(consultation, 0)));
		}
		return Mono
			.fromFuture(this.waits.await(agent, id, (c) -> Consultation.PENDING.equals(c.state()),
					Duration.ofSeconds(waitSeconds)))
			.map((found) -> result(
					resource(found.orElseThrow(() -> ApiProblem.notFound("Consultation")), waitSeconds)));
	}

	/** The resource of section 4, and while pending when to ask again. */
	private ObjectNode resource(Consultation consultation, int waited) {
		ObjectNode resource = this.json.valueToTree(consultation);
		if (Consultation.PENDING.equals(consultation.state())) {
			// After a wait, at once (with another wait); without one, not in a busy loop.
			long seconds = (waited > 0) ? 1 : 10;
			long left = Duration.between(Instant.now(), consultation.expiresAt()).toSeconds();
			resource.put("poll_after_seconds", Math.max(1, Math.min(seconds, left)));
		}
		return resource;
	}

	private CallToolResult result(ObjectNode content) {
		return CallToolResult.builder().structuredContent(content).addTextContent(write(content)).build();
	}

	private CallToolResult error(RuntimeException ex) {
		ObjectNode problem = this.json.createObjectNode();
		if (ex instanceof InvalidRequestException invalid) {
			problem.put("status", 400).put("title", "Invalid request").put("detail", invalid.getMessage());
			invalid.violations()
				.forEach((v) -> problem.withArray("errors")
					.addObject()
					.put("field", v.field())
					.put("message", v.message()));
		}
		else if (ex instanceof ApiProblem refused) {
			problem.put("status", refused.status().value())
				.put("title", refused.status().getReasonPhrase())
				.put("detail", refused.getMessage());
		}
		else if (ex instanceof TooManyWaitersException busy) {
			problem.put("status", 429).put("title", "Too Many Requests").put("detail", busy.getMessage());
		}
		else {
			log.error("Unexpected error in an MCP tool", ex);
			problem.put("status", 500)
				.put("title", "Internal Server Error")
				.put("detail", "An unexpected error occurred");
		}
		return CallToolResult.builder().isError(true).addTextContent(write(problem)).build();
	}

	private AsyncToolSpecification tool(String name, String title, String description, Map<String, Object> input,
			Map<String, Object> output, boolean readOnly,
			java.util.function.BiFunction<Agent, Map<String, Object>, Mono<CallToolResult>> handler) {
		Tool tool = Tool.builder()
			.name(name)
			.title(title)
			.description(description)
			.inputSchema(input)
			.outputSchema(output)
			.annotations(
					new ToolAnnotations(title, readOnly, "cancel_consultation".equals(name), readOnly, false, null))
			.build();
		return new AsyncToolSpecification(tool, (context, request) -> call(context, request, handler));
	}

	private Mono<CallToolResult> call(McpTransportContext context, CallToolRequest request,
			java.util.function.BiFunction<Agent, Map<String, Object>, Mono<CallToolResult>> handler) {
		Agent agent = (Agent) context.get(AGENT);
		Map<String, Object> arguments = (request.arguments() != null) ? request.arguments() : Map.of();
		Function<Throwable, Mono<CallToolResult>> refused = (ex) -> Mono
			.just(error((ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex)));
		try {
			return handler.apply(agent, arguments).onErrorResume(refused);
		}
		catch (RuntimeException ex) {
			return refused.apply(ex);
		}
	}

	private static Map<String, Object> waitSeconds() {
		return Map.of("type", "integer", "minimum", 0, "maximum", MAX_WAIT_SECONDS, "default", 0, "description",
				"Wait up to this many seconds (0-50) for the outcome while it is pending");
	}

	private static Map<String, Object> id() {
		return Map.of("type", "string", "format", "uuid", "description", "The consultation's id");
	}

	private static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("properties", properties);
		schema.put("required", required);
		schema.put("additionalProperties", false);
		return schema;
	}

	private static int waitSeconds(JsonNode node) {
		if (node == null || node.isNull()) {
			return 0;
		}
		if (!node.canConvertToExactIntegral() || node.asInt() < 0 || node.asInt() > MAX_WAIT_SECONDS) {
			throw new InvalidRequestException("wait_seconds", "must be a whole number from 0 to " + MAX_WAIT_SECONDS);
		}
		return node.asInt();
	}

	private static UUID uuid(Object value) {
		try {
			return UUID.fromString(String.valueOf(value));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("id", "must be a consultation id (UUID)");
		}
	}

	private String write(JsonNode node) {
		try {
			return this.json.writeValueAsString(node);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
