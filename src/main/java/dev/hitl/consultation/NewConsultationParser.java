package dev.hitl.consultation;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hitl.consultation.Consultation.Option;
import dev.hitl.delivery.webhook.CallbackUrlPolicy;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.InvalidRequestException.FieldViolation;
import dev.hitl.system.StorableText;

import org.springframework.stereotype.Component;

/**
 * Checks a create request against every rule of the API table, field by field, and names
 * each field that breaks one. The body is read as a JSON tree so that a wrong type is
 * reported as such rather than coerced.
 */
@Component
class NewConsultationParser {

	static final Set<String> RESPONSE_TYPES = Set.of("approval", "choice", "text");

	static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");

	static final Set<String> FIELDS = Set.of("title", "description", "response_type", "options", "context", "priority",
			"timeout", "reviewers", "callback_url", "external_ref", "process", "requested_by", "on_timeout",
			"reminders", "approvals_required");

	private static final Pattern IDENTITY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

	private static final Pattern PROCESS_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,254}");

	private static final int MAX_CONTEXT_BYTES = 64 * 1024;

	private static final int MAX_CONTEXT_DEPTH = 20;

	private final ConsultationSettings settings;

	private final CallbackUrlPolicy callbackPolicy;

	private final ObjectMapper json;

	NewConsultationParser(ConsultationSettings settings, CallbackUrlPolicy callbackPolicy, ObjectMapper json) {
		this.settings = settings;
		this.callbackPolicy = callbackPolicy;
		this.json = json;
	}

	NewConsultation parse(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new InvalidRequestException("body", "must be a JSON object");
		}
		Fields fields = new Fields(body);
		for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
			String name = names.next();
			if (!FIELDS.contains(name)) {
				fields.violation(name, "is not a known field");
			}
		}
		String title = fields.text("title", true, 200);
		if (title != null && title.isBlank()) {
			fields.violation("title", "must not be blank");
		}
		String description = fields.text("description", false, 10_000);
		String responseType = fields.oneOf("response_type", RESPONSE_TYPES, "approval");
		List<Option> options = options(fields, responseType);
		ObjectNode context = context(fields);
		String priority = fields.oneOf("priority", PRIORITIES, "normal");
		Duration timeout = timeout(fields);
		List<String> groups = new ArrayList<>();
		List<String> users = new ArrayList<>();
		reviewers(fields, groups, users);
		String callbackUrl = fields.text("callback_url", false, 2048);
		if (callbackUrl != null) {
			this.callbackPolicy.problemWith(callbackUrl)
				.ifPresent((problem) -> fields.violation("callback_url", problem));
		}
		String externalRef = fields.text("external_ref", false, 200);
		String process = fields.text("process", false, 255);
		if (process != null && !PROCESS_KEY.matcher(process).matches()) {
			fields.violation("process", "must be a process definition key");
		}
		String requestedBy = requestedBy(fields, users);
		ReviewPolicies policies = ReviewPolicies.parse(body, responseType, options, timeout, requestedBy, this.settings,
				fields::violation);
		fields.throwIfInvalid();
		if (groups.isEmpty() && users.isEmpty()) {
			groups.add(this.settings.defaultReviewerGroup());
		}
		return new NewConsultation(title, description, responseType, options, context, priority, timeout,
				List.copyOf(groups), List.copyOf(users), callbackUrl, externalRef, process, requestedBy, policies);
	}

	/** The person the agent acts for: never one of the consultation's reviewers. */
	private static String requestedBy(Fields fields, List<String> users) {
		JsonNode node = fields.get("requested_by");
		if (node == null) {
			return null;
		}
		if (!node.isTextual() || !IDENTITY_ID.matcher(node.asText()).matches()) {
			fields.violation("requested_by", "must be a user id of letters, digits, '.', '_', '@' or '-' (max 64)");
			return null;
		}
		if (users.contains(node.asText())) {
			fields.violation("requested_by", "must not be one of reviewers.users: it can never answer");
		}
		return node.asText();
	}

	private List<Option> options(Fields fields, String responseType) {
		JsonNode node = fields.get("options");
		if (!"choice".equals(responseType)) {
			if (node != null) {
				fields.violation("options", "is only allowed when response_type is choice");
			}
			return List.of();
		}
		if (node == null) {
			fields.violation("options", "is required when response_type is choice");
			return List.of();
		}
		if (!node.isArray() || node.size() < 2 || node.size() > 20) {
			fields.violation("options", "must be an array of 2 to 20 {value, label} objects");
			return List.of();
		}
		List<Option> options = new ArrayList<>();
		Set<String> values = new HashSet<>();
		for (int i = 0; i < node.size(); i++) {
			JsonNode option = node.get(i);
			String at = "options[" + i + "]";
			if (!option.isObject() || option.size() != 2 || !textual(option.get("value"), 100)
					|| !textual(option.get("label"), 200)) {
				fields.violation(at, "must be {value, label} with a value of 1-100 and a label of 1-200 characters");
				continue;
			}
			String value = option.get("value").asText();
			if (!values.add(value)) {
				fields.violation(at + ".value", "must be unique among the options");
			}
			options.add(new Option(value, option.get("label").asText()));
		}
		return options;
	}

	private ObjectNode context(Fields fields) {
		JsonNode node = fields.get("context");
		if (node == null) {
			return this.json.createObjectNode();
		}
		if (!node.isObject()) {
			fields.violation("context", "must be a JSON object");
			return null;
		}
		if (depth(node) > MAX_CONTEXT_DEPTH) {
			fields.violation("context", "must not nest deeper than " + MAX_CONTEXT_DEPTH + " levels");
			return null;
		}
		try {
			if (this.json.writeValueAsBytes(node).length > MAX_CONTEXT_BYTES) {
				fields.violation("context", "must be at most 64 KiB when serialized");
			}
		}
		catch (JsonProcessingException ex) {
			fields.violation("context", "cannot be serialized");
		}
		return (ObjectNode) node;
	}

	private Duration timeout(Fields fields) {
		String text = fields.text("timeout", false, 40);
		if (text == null) {
			return fields.has("timeout") ? null : this.settings.defaultTimeout();
		}
		try {
			Duration timeout = Duration.parse(text);
			if (timeout.compareTo(this.settings.minTimeout()) < 0
					|| timeout.compareTo(this.settings.maxTimeout()) > 0) {
				fields.violation("timeout",
						"must be between " + this.settings.minTimeout() + " and " + this.settings.maxTimeout());
			}
			return timeout;
		}
		catch (DateTimeParseException ex) {
			fields.violation("timeout", "must be an ISO-8601 duration such as PT30M or P1D");
			return null;
		}
	}

	private void reviewers(Fields fields, List<String> groups, List<String> users) {
		JsonNode node = fields.get("reviewers");
		if (node == null) {
			return;
		}
		if (!node.isObject()) {
			fields.violation("reviewers", "must be an object {groups: [...], users: [...]}");
			return;
		}
		for (Iterator<Map.Entry<String, JsonNode>> entries = node.fields(); entries.hasNext();) {
			Map.Entry<String, JsonNode> entry = entries.next();
			List<String> target = switch (entry.getKey()) {
				case "groups" -> groups;
				case "users" -> users;
				default -> null;
			};
			String at = "reviewers." + entry.getKey();
			if (target == null) {
				fields.violation(at, "is not a known field");
			}
			else if (!entry.getValue().isArray() || entry.getValue().size() > 50) {
				fields.violation(at, "must be an array of at most 50 ids");
			}
			else {
				for (JsonNode id : entry.getValue()) {
					if (!id.isTextual() || !IDENTITY_ID.matcher(id.asText()).matches()) {
						fields.violation(at, "must hold ids of letters, digits, '.', '_', '@' or '-' (max 64)");
					}
					else if (!target.contains(id.asText())) {
						target.add(id.asText());
					}
				}
			}
		}
	}

	private static boolean textual(JsonNode node, int maxLength) {
		return node != null && node.isTextual() && !node.asText().isBlank()
				&& node.asText().codePointCount(0, node.asText().length()) <= maxLength
				&& StorableText.isStorable(node.asText());
	}

	private static int depth(JsonNode node) {
		int deepest = 0;
		for (JsonNode child : node) {
			if (child.isContainerNode()) {
				deepest = Math.max(deepest, depth(child));
				if (deepest > MAX_CONTEXT_DEPTH) {
					break;
				}
			}
		}
		return deepest + 1;
	}

	/** Reads fields of the body and collects every violation before failing. */
	private static final class Fields {

		private final JsonNode body;

		private final List<FieldViolation> violations = new ArrayList<>();

		Fields(JsonNode body) {
			this.body = body;
		}

		boolean has(String name) {
			return this.body.has(name) && !this.body.get(name).isNull();
		}

		JsonNode get(String name) {
			return has(name) ? this.body.get(name) : null;
		}

		String text(String name, boolean required, int maxLength) {
			JsonNode node = get(name);
			if (node == null) {
				if (required) {
					violation(name, "is required");
				}
				return null;
			}
			if (!node.isTextual()) {
				violation(name, "must be a string");
				return null;
			}
			String value = node.asText();
			int length = value.codePointCount(0, value.length());
			if (length > maxLength || (required && length == 0)) {
				violation(name, "must be " + (required ? "1" : "0") + " to " + maxLength + " characters long");
			}
			if (value.indexOf('\u0000') >= 0) {
				violation(name, "must not contain NUL characters");
			}
			if (!StorableText.isWellFormed(value)) {
				violation(name, "must be valid Unicode (no unpaired surrogates)");
			}
			return value;
		}

		String oneOf(String name, Set<String> allowed, String fallback) {
			JsonNode node = get(name);
			if (node == null) {
				return fallback;
			}
			if (!node.isTextual() || !allowed.contains(node.asText())) {
				violation(name, "must be one of " + allowed.stream().sorted().toList());
				return fallback;
			}
			return node.asText();
		}

		void violation(String field, String message) {
			this.violations.add(new FieldViolation(field, message));
		}

		void throwIfInvalid() {
			if (!this.violations.isEmpty()) {
				throw new InvalidRequestException(this.violations);
			}
		}

	}

}
