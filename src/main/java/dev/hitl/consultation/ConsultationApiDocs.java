package dev.hitl.consultation;

import java.util.List;
import java.util.Map;

import dev.hitl.consultation.Consultation.Option;
import dev.hitl.consultation.Consultation.Reviewers;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the OpenAPI document shows of the agent API where the code reads raw JSON (to name
 * every broken field precisely): the request shape and worked examples.
 */
final class ConsultationApiDocs {

	static final String CREATE_DESCRIPTION = """
			Starts the consultation's process: reviewers see it in Camunda Tasklist and the \
			portal at once. Answer with a signed webhook to `callback_url` when it ends, and/or \
			poll `GET /api/v1/consultations/{id}` (with `If-None-Match`) or the list with \
			`updated_after`.""";

	static final String GET_DESCRIPTION = """
			Poll cheaply: send the last `ETag` as `If-None-Match` and get 304 until something \
			changes. Or wait on one request: with `wait=30` the answer is held while the \
			consultation is pending (with `If-None-Match`: while its ETag still matches), up to 30 \
			seconds (1-60), and comes the moment it changes, whichever node changed it; then 200 \
			(or 304) as without `wait`. Waiting holds no thread and no database connection.""";

	static final String LIST_DESCRIPTION = """
			Without `updated_after`: newest first, paged with `page`. With `updated_after` \
			(differential polling): the changes at or after that instant, oldest first \
			(`updated_at`, then `id`), and `next_updated_after`, the value to send next time. \
			Following it never misses a change, whichever node made it and however late it \
			committed; a change may come twice, so deduplicate on `id` + `updated_at`. \
			Webhook attempts (`callback`) change the `ETag` but not `updated_at`.""";

	static final String APPROVAL_EXAMPLE = """
			{"title": "Refund order 1042 for 89 EUR?", "description": "Customer says the parcel **never arrived**.",
			 "context": {"order": 1042, "amount_eur": 89}, "priority": "high", "timeout": "PT4H",
			 "reviewers": {"groups": ["billing"], "users": []},
			 "callback_url": "https://agent.example.com/hitl/webhook", "external_ref": "refund-1042"}""";

	static final String CHOICE_EXAMPLE = """
			{"title": "Which reply should I send?", "response_type": "choice",
			 "options": [{"value": "a", "label": "Apologise and refund"}, {"value": "b", "label": "Ask for photos"}],
			 "context": {"ticket": 5521}, "timeout": "PT1H"}""";

	static final String TEXT_EXAMPLE = """
			{"title": "What is the customer's real delivery address?", "response_type": "text",
			 "context": {"customer": "C-778", "candidates": ["12 High St", "12 High Street, Flat 2"]}}""";

	static final String CONSULTATION_EXAMPLE = """
			{"id": "0b7c6f9e-3f7a-4c55-9f0e-5d1c2a7b8e11", "state": "responded",
			 "title": "Refund order 1042 for 89 EUR?", "description": "Customer says the parcel **never arrived**.",
			 "response_type": "approval", "options": [], "context": {"order": 1042, "amount_eur": 89},
			 "priority": "high", "external_ref": "refund-1042", "process": "consultation",
			 "reviewers": {"groups": ["billing"], "users": []}, "assignee": "rita",
			 "created_at": "2026-11-23T10:00:00Z", "updated_at": "2026-11-23T10:12:31Z",
			 "expires_at": "2026-11-23T14:00:00Z",
			 "response": {"decision": "approved", "choice": null, "text": null, "comment": "Carrier confirmed loss",
			  "responded_by": "rita", "responded_at": "2026-11-23T10:12:31Z", "channel": "portal"},
			 "callback": {"url": "https://agent.example.com/hitl/webhook", "status": "delivered", "attempts": 1,
			  "last_error": null}, "requested_by": null}""";

	private ConsultationApiDocs() {
	}

	@Schema(name = "NewConsultation", description = "A question for reviewers; unknown fields are refused")
	record NewConsultationRequest(
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 200,
					example = "Refund order 1042 for 89 EUR?") String title,
			@Schema(maxLength = 10_000, description = "Markdown, shown sanitized") String description,
			@Schema(allowableValues = {
					"approval", "choice", "text" }, defaultValue = "approval") String responseType,
			@ArraySchema(arraySchema = @Schema(
					description = "Required for `choice` (2-20 options with unique " + "values), forbidden otherwise"),
					minItems = 2, maxItems = 20) List<Option> options,
			@Schema(description = "Any JSON object the reviewers should see; at most 64 KiB serialized, "
					+ "nesting at most 20") Map<String, Object> context,
			@Schema(allowableValues = { "low", "normal", "high", "urgent" }, defaultValue = "normal") String priority,
			@Schema(description = "ISO-8601 duration from PT5S to P30D; then the consultation times out",
					defaultValue = "PT24H", example = "PT4H") String timeout,
			@Schema(description = "Who may answer; by default the group `reviewers`") Reviewers reviewers,
			@Schema(format = "uri", maxLength = 2048,
					description = "Absolute http(s) URL that receives the signed "
							+ "webhook; private and loopback addresses are refused") String callbackUrl,
			@Schema(maxLength = 200, description = "Your own correlation id; filter the list by it") String externalRef,
			@Schema(defaultValue = "consultation",
					description = "Key of a deployed process definition (see processes/README.md)") String process,
			@Schema(maxLength = 64,
					description = "User id of the person the agent acts for: never a candidate, and every claim or "
							+ "answer of theirs is refused (403), on every channel; must not be in `reviewers.users`") String requestedBy,
			@Schema(description = "What the deadline does, drawn in BPMN: {\"action\": \"expire\"} (default), "
					+ "{\"action\": \"decide\", \"decision\": \"rejected\"} (approval) or {\"action\": \"decide\", "
					+ "\"choice\": \"a\"} (choice), recorded with decided_by timeout; {\"action\": \"escalate\", "
					+ "\"reviewers\": {...}, \"timeout\": \"PT4H\"} (optionally with decision/choice for the second "
					+ "deadline)") OnTimeoutRequest onTimeout,
			@ArraySchema(
					arraySchema = @Schema(description = "At most 5 ISO-8601 durations after creation, each before "
							+ "the timeout: remind the reviewers who can still answer by email while pending"),
					schema = @Schema(example = "PT1H")) List<String> reminders,
			@Schema(minimum = "1", maximum = "5", defaultValue = "1",
					description = "Distinct reviewers who must approve (approval only); the first rejection ends it; "
							+ "the same reviewer twice gets 409") Integer approvalsRequired){
	}

	@Schema(name = "OnTimeout")
	record OnTimeoutRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {
			"expire", "decide", "escalate" }) String action,
			@Schema(allowableValues = { "approved", "rejected" }) String decision, String choice,
			@Schema(description = "escalate: the reviewers added") Reviewers reviewers,
			@Schema(description = "escalate: ISO-8601 duration of the escalated stage") String timeout){
	}

}
