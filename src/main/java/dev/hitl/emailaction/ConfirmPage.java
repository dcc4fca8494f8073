package dev.hitl.emailaction;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.consultation.Consultation;

/**
 * What the confirm page shows: the consultation in brief and the one answer its button
 * gives.
 *
 * @param answerKind {@code approved}, {@code rejected}, {@code choice} or {@code text}
 * @param context the first top-level fields of the consultation's context, each value cut
 * short
 */
record ConfirmPage(String title, String description, String priority, String expiresAt, String answerKind,
		String answerLabel, List<Field> context, int contextFields, int approvalsRequired, int approvalsGiven) {

	static final int CONTEXT_FIELDS = 10;

	static final int VALUE_LENGTH = 200;

	static ConfirmPage of(Consultation consultation, ActionToken token) {
		String kind = switch (consultation.responseType()) {
			case "choice" -> "choice";
			case "text" -> "text";
			default -> "rejected".equals(token.answer()) ? "rejected" : "approved";
		};
		String label = switch (kind) {
			case "choice" -> Endings.label(consultation, token.answer());
			case "text" -> null;
			case "rejected" -> "Reject";
			default -> "Approve";
		};
		JsonNode context = consultation.context();
		int approvals = (consultation.response() != null && consultation.response().approvals() != null)
				? (int) consultation.response()
					.approvals()
					.stream()
					.filter((approval) -> "approved".equals(approval.decision()))
					.count()
				: 0;
		return new ConfirmPage(consultation.title(), consultation.description(), consultation.priority(),
				Endings.TIME.format(consultation.expiresAt()), kind, label, fields(context),
				(context != null && context.isObject()) ? context.size() : 0, consultation.approvalsRequired(),
				approvals);
	}

	private static List<Field> fields(JsonNode context) {
		List<Field> fields = new ArrayList<>();
		if (context == null || !context.isObject()) {
			return fields;
		}
		Iterator<Map.Entry<String, JsonNode>> entries = context.fields();
		while (entries.hasNext() && fields.size() < CONTEXT_FIELDS) {
			Map.Entry<String, JsonNode> entry = entries.next();
			JsonNode value = entry.getValue();
			fields.add(new Field(entry.getKey(), cut(value.isValueNode() ? value.asText() : value.toString())));
		}
		return fields;
	}

	private static String cut(String value) {
		return (value.length() <= VALUE_LENGTH) ? value : value.substring(0, VALUE_LENGTH - 1) + "…";
	}

	record Field(String name, String value) {
	}

}
