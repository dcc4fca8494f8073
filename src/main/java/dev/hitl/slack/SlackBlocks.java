package dev.hitl.slack;

import java.time.Instant;

import dev.hitl.delivery.ConsultationSnapshots.Snapshot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Block Kit of the channel's messages: a request with answer buttons, the same message
 * once the consultation has ended (no buttons), and the modal of a text answer. A
 * button's value is {@code consultationId|answer}; its action id starts with
 * {@link #ACTION_PREFIX}.
 */
final class SlackBlocks {

	static final String ACTION_PREFIX = "hitl_answer_";

	static final String TEXT_ACTION = "hitl_text";

	static final String MODAL = "hitl_text_answer";

	static final String TEXT_BLOCK = "answer";

	static final String TEXT_INPUT = "text";

	private static final ObjectMapper JSON = new ObjectMapper();

	private SlackBlocks() {
	}

	static String fallback(Snapshot consultation) {
		return "Review requested: " + consultation.title();
	}

	static String request(Snapshot consultation, String portalLink) {
		ArrayNode blocks = JSON.createArrayNode();
		blocks.add(summary(consultation, portalLink));
		ObjectNode actions = blocks.addObject().put("type", "actions").put("block_id", "hitl_answers");
		ArrayNode buttons = actions.putArray("elements");
		String id = consultation.id();
		switch (consultation.responseType()) {
			case "choice" -> {
				int index = 0;
				for (JsonNode option : consultation.resource().path("options")) {
					button(buttons, ACTION_PREFIX + index++, option.path("label").asText(option.path("value").asText()),
							id + "|" + option.path("value").asText(), null);
				}
			}
			case "text" -> button(buttons, TEXT_ACTION, "Answer", id + "|text", "primary");
			default -> {
				button(buttons, ACTION_PREFIX + "approve", "Approve", id + "|approved", "primary");
				button(buttons, ACTION_PREFIX + "reject", "Reject", id + "|rejected", "danger");
			}
		}
		return blocks.toString();
	}

	static String ended(Snapshot consultation, String portalLink) {
		ArrayNode blocks = JSON.createArrayNode();
		blocks.add(summary(consultation, portalLink));
		blocks.addObject()
			.put("type", "context")
			.putArray("elements")
			.addObject()
			.put("type", "mrkdwn")
			.put("text", escape(outcome(consultation)));
		return blocks.toString();
	}

	static String outcome(Snapshot consultation) {
		JsonNode response = consultation.resource().path("response");
		return switch (consultation.state()) {
			case "responded" -> {
				String answer = response.path("decision").isTextual() ? response.path("decision").asText()
						: response.path("choice").isTextual() ? "chose " + response.path("choice").asText()
								: "answered";
				yield "Ended: " + answer + " by " + response.path("responded_by").asText("a reviewer") + " (via "
						+ response.path("channel").asText("?") + ")";
			}
			case "timed_out" -> response.path("decision").isTextual() || response.path("choice").isTextual()
					? "Ended: timed out, default answer recorded" : "Ended: timed out without an answer";
			case "cancelled" -> "Ended: cancelled";
			default -> "Ended";
		};
	}

	/** The modal of a text answer; {@code metadata} comes back with the submission. */
	static String textModal(Snapshot consultation, String metadata) {
		ObjectNode view = JSON.createObjectNode()
			.put("type", "modal")
			.put("callback_id", MODAL)
			.put("private_metadata", metadata);
		view.putObject("title").put("type", "plain_text").put("text", "Answer");
		view.putObject("submit").put("type", "plain_text").put("text", "Send");
		ArrayNode blocks = view.putArray("blocks");
		blocks.addObject()
			.put("type", "section")
			.putObject("text")
			.put("type", "mrkdwn")
			.put("text", "*" + escape(cut(consultation.title(), 200)) + "*");
		ObjectNode input = blocks.addObject().put("type", "input").put("block_id", TEXT_BLOCK);
		input.putObject("label").put("type", "plain_text").put("text", "Your answer");
		input.putObject("element")
			.put("type", "plain_text_input")
			.put("action_id", TEXT_INPUT)
			.put("multiline", true)
			.put("max_length", 3000);
		return view.toString();
	}

	private static ObjectNode summary(Snapshot consultation, String portalLink) {
		StringBuilder text = new StringBuilder("*").append(escape(cut(consultation.title(), 200))).append("*\n");
		text.append("Priority: ").append(escape(consultation.priority()));
		Instant deadline = consultation.expiresAt();
		if (deadline != null) {
			text.append(" · Deadline: <!date^")
				.append(deadline.getEpochSecond())
				.append("^{date_short_pretty} {time}|")
				.append(deadline)
				.append(">");
		}
		text.append("\n<").append(portalLink).append("|Open in the portal>");
		ObjectNode section = JSON.createObjectNode().put("type", "section");
		section.putObject("text").put("type", "mrkdwn").put("text", text.toString());
		return section;
	}

	private static void button(ArrayNode buttons, String actionId, String label, String value, String style) {
		ObjectNode button = buttons.addObject().put("type", "button").put("action_id", actionId).put("value", value);
		button.putObject("text").put("type", "plain_text").put("text", cut(label, 75));
		if (style != null) {
			button.put("style", style);
		}
	}

	private static String cut(String text, int max) {
		return (text == null) ? "" : (text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

	/** Slack's mrkdwn needs only these three escaped. */
	static String escape(String text) {
		return (text == null) ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
