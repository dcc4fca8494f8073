package dev.hitl.consultation;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.consultation.Consultation.OnTimeout;
import dev.hitl.consultation.Consultation.Option;
import dev.hitl.consultation.Consultation.Reviewers;

/**
 * The review policies of a create request ({@code on_timeout}, {@code reminders},
 * {@code approvals_required}; ARCHITECTURE section 4), checked field by field against the
 * fields already parsed. Every violation goes to {@code violation(field, message)}.
 */
record ReviewPolicies(OnTimeout onTimeout, List<Duration> reminders, int approvalsRequired) {

	static final Set<String> FIELDS = Set.of("on_timeout", "reminders", "approvals_required");

	static final int MAX_REMINDERS = 5;

	static final int MAX_APPROVALS = 5;

	private static final Set<String> ACTIONS = Set.of("expire", "decide", "escalate");

	private static final Set<String> ON_TIMEOUT_FIELDS = Set.of("action", "decision", "choice", "reviewers", "timeout");

	private static final Pattern IDENTITY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

	/**
	 * @param body the request body (an object)
	 * @param timeout the consultation's timeout, null when it was invalid
	 */
	static ReviewPolicies parse(JsonNode body, String responseType, List<Option> options, Duration timeout,
			String requestedBy, ConsultationSettings settings, BiConsumer<String, String> violation) {
		OnTimeout onTimeout = onTimeout(body.get("on_timeout"), responseType, options, requestedBy, settings,
				violation);
		List<Duration> reminders = reminders(body.get("reminders"), timeout, violation);
		int approvals = approvalsRequired(body.get("approvals_required"), responseType, violation);
		return new ReviewPolicies(onTimeout, reminders, approvals);
	}

	private static OnTimeout onTimeout(JsonNode node, String responseType, List<Option> options, String requestedBy,
			ConsultationSettings settings, BiConsumer<String, String> violation) {
		if (node == null || node.isNull()) {
			return OnTimeout.EXPIRE;
		}
		if (!node.isObject()) {
			violation.accept("on_timeout", "must be an object {action, ...}");
			return OnTimeout.EXPIRE;
		}
		node.fieldNames().forEachRemaining((name) -> {
			if (!ON_TIMEOUT_FIELDS.contains(name)) {
				violation.accept("on_timeout." + name, "is not a known field");
			}
		});
		JsonNode actionNode = node.get("action");
		if (actionNode == null || !actionNode.isTextual() || !ACTIONS.contains(actionNode.asText())) {
			violation.accept("on_timeout.action", "must be one of [decide, escalate, expire]");
			return OnTimeout.EXPIRE;
		}
		String action = actionNode.asText();
		String decision = text(node, "decision");
		String choice = text(node, "choice");
		if ("expire".equals(action)) {
			for (String field : List.of("decision", "choice", "reviewers", "timeout")) {
				if (node.has(field)) {
					violation.accept("on_timeout." + field, "is not allowed when action is expire");
				}
			}
			return OnTimeout.EXPIRE;
		}
		defaultDecision(node, action, decision, choice, responseType, options, violation);
		if ("decide".equals(action)) {
			for (String field : List.of("reviewers", "timeout")) {
				if (node.has(field)) {
					violation.accept("on_timeout." + field, "is only allowed when action is escalate");
				}
			}
			return new OnTimeout(action, decision, choice, null, null);
		}
		Reviewers reviewers = escalationReviewers(node.get("reviewers"), requestedBy, violation);
		String timeout = escalationTimeout(node.get("timeout"), settings, violation);
		return new OnTimeout(action, decision, choice, reviewers, timeout);
	}

	/** decide needs one default; escalate may carry one for its own deadline. */
	private static void defaultDecision(JsonNode node, String action, String decision, String choice,
			String responseType, List<Option> options, BiConsumer<String, String> violation) {
		boolean required = "decide".equals(action);
		switch (responseType) {
			case "approval" -> {
				if (node.has("choice")) {
					violation.accept("on_timeout.choice", "is only allowed when response_type is choice");
				}
				if ((required || node.has("decision")) && !"approved".equals(decision)
						&& !"rejected".equals(decision)) {
					violation.accept("on_timeout.decision", "must be 'approved' or 'rejected'");
				}
			}
			case "choice" -> {
				if (node.has("decision")) {
					violation.accept("on_timeout.decision",
							"is only allowed when response_type is approval; give on_timeout.choice");
				}
				if ((required || node.has("choice"))
						&& options.stream().noneMatch((option) -> option.value().equals(choice))) {
					violation.accept("on_timeout.choice", "must be one of the consultation's option values");
				}
			}
			default -> {
				if (required || node.has("decision") || node.has("choice")) {
					violation.accept(
							"on_timeout." + (required ? "action" : (node.has("decision") ? "decision" : "choice")),
							"a text consultation has no default decision: use expire or escalate");
				}
			}
		}
	}

	private static Reviewers escalationReviewers(JsonNode node, String requestedBy,
			BiConsumer<String, String> violation) {
		List<String> groups = new ArrayList<>();
		List<String> users = new ArrayList<>();
		if (node == null || !node.isObject()) {
			violation.accept("on_timeout.reviewers",
					"is required when action is escalate: {groups: [...], users: [...]}");
			return new Reviewers(groups, users);
		}
		for (Iterator<Map.Entry<String, JsonNode>> entries = node.fields(); entries.hasNext();) {
			Map.Entry<String, JsonNode> entry = entries.next();
			String at = "on_timeout.reviewers." + entry.getKey();
			List<String> target = switch (entry.getKey()) {
				case "groups" -> groups;
				case "users" -> users;
				default -> null;
			};
			if (target == null) {
				violation.accept(at, "is not a known field");
			}
			else if (!entry.getValue().isArray() || entry.getValue().size() > 50) {
				violation.accept(at, "must be an array of at most 50 ids");
			}
			else {
				for (JsonNode id : entry.getValue()) {
					if (!id.isTextual() || !IDENTITY_ID.matcher(id.asText()).matches()) {
						violation.accept(at, "must hold ids of letters, digits, '.', '_', '@' or '-' (max 64)");
					}
					else if (!target.contains(id.asText())) {
						target.add(id.asText());
					}
				}
			}
		}
		if (groups.isEmpty() && users.isEmpty()) {
			violation.accept("on_timeout.reviewers", "must name at least one group or user to escalate to");
		}
		if (requestedBy != null && users.contains(requestedBy)) {
			violation.accept("on_timeout.reviewers.users", "must not include requested_by: it can never answer");
		}
		return new Reviewers(List.copyOf(groups), List.copyOf(users));
	}

	private static String escalationTimeout(JsonNode node, ConsultationSettings settings,
			BiConsumer<String, String> violation) {
		Duration timeout = duration(node, "on_timeout.timeout", violation);
		if (node == null) {
			violation.accept("on_timeout.timeout", "is required when action is escalate");
		}
		else if (timeout != null
				&& (timeout.compareTo(settings.minTimeout()) < 0 || timeout.compareTo(settings.maxTimeout()) > 0)) {
			violation.accept("on_timeout.timeout",
					"must be between " + settings.minTimeout() + " and " + settings.maxTimeout());
		}
		return (timeout != null) ? timeout.toString() : null;
	}

	private static List<Duration> reminders(JsonNode node, Duration timeout, BiConsumer<String, String> violation) {
		if (node == null || node.isNull()) {
			return List.of();
		}
		if (!node.isArray() || node.size() > MAX_REMINDERS) {
			violation.accept("reminders", "must be an array of at most " + MAX_REMINDERS + " ISO-8601 durations");
			return List.of();
		}
		List<Duration> reminders = new ArrayList<>();
		for (int i = 0; i < node.size(); i++) {
			String at = "reminders[" + i + "]";
			Duration reminder = duration(node.get(i), at, violation);
			if (reminder == null) {
				continue;
			}
			if (reminder.isNegative() || reminder.isZero()) {
				violation.accept(at, "must be a positive duration after creation");
			}
			else if (timeout != null && reminder.compareTo(timeout) >= 0) {
				violation.accept(at, "must come before the timeout (" + timeout + ")");
			}
			reminders.add(reminder);
		}
		return List.copyOf(reminders);
	}

	private static int approvalsRequired(JsonNode node, String responseType, BiConsumer<String, String> violation) {
		if (node == null || node.isNull()) {
			return 1;
		}
		if (!node.isInt() || node.asInt() < 1 || node.asInt() > MAX_APPROVALS) {
			violation.accept("approvals_required", "must be an integer from 1 to " + MAX_APPROVALS);
			return 1;
		}
		if (node.asInt() > 1 && !"approval".equals(responseType)) {
			violation.accept("approvals_required", "must be 1 unless response_type is approval");
		}
		return node.asInt();
	}

	private static Duration duration(JsonNode node, String field, BiConsumer<String, String> violation) {
		if (node == null) {
			return null;
		}
		if (!node.isTextual() || node.asText().length() > 40) {
			violation.accept(field, "must be an ISO-8601 duration such as PT30M or P1D");
			return null;
		}
		try {
			return Duration.parse(node.asText());
		}
		catch (DateTimeParseException ex) {
			violation.accept(field, "must be an ISO-8601 duration such as PT30M or P1D");
			return null;
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isTextual()) ? value.asText() : null;
	}

	/** The start variables the process's timers, gateways and loops read. */
	dev.hitl.workflow.ProcessPolicy processPolicy() {
		Reviewers escalation = (this.onTimeout.reviewers() != null) ? this.onTimeout.reviewers()
				: new Reviewers(List.of(), List.of());
		return new dev.hitl.workflow.ProcessPolicy(this.onTimeout.action(), this.onTimeout.decision(),
				this.onTimeout.choice(), escalation.groups(), escalation.users(), this.onTimeout.timeout(),
				this.reminders.stream().map(Duration::toString).toList(), this.approvalsRequired);
	}

	List<String> reminderTexts() {
		return this.reminders.stream().map(Duration::toString).toList();
	}

}
