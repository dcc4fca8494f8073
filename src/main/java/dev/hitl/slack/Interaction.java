package dev.hitl.slack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the service reads of one of Slack's interaction payloads (form field
 * {@code payload}, JSON): a button click ({@code block_actions}) or the submission of the
 * text answer modal ({@code view_submission}).
 *
 * @param value the button's value, or the modal's private metadata
 * @param text the text typed in the modal
 */
record Interaction(String type, String slackUser, String channel, String triggerId, String actionId, String value,
		String text) {

	static final String BLOCK_ACTIONS = "block_actions";

	static final String VIEW_SUBMISSION = "view_submission";

	private static final ObjectMapper JSON = new ObjectMapper();

	/** Empty for anything that is not a well-formed payload of those two types. */
	static Optional<Interaction> parse(byte[] body) {
		String payload = null;
		try {
			for (String field : new String(body, StandardCharsets.UTF_8).split("&")) {
				int equals = field.indexOf('=');
				if (equals > 0 && field.substring(0, equals).equals("payload")) {
					payload = URLDecoder.decode(field.substring(equals + 1), StandardCharsets.UTF_8);
				}
			}
			if (payload == null) {
				return Optional.empty();
			}
			return from(JSON.readTree(payload));
		}
		catch (IllegalArgumentException | JacksonException ex) {
			return Optional.empty();
		}
	}

	private static Optional<Interaction> from(JsonNode root) {
		if (root == null || !root.isObject()) {
			return Optional.empty();
		}
		String type = root.path("type").asText();
		String user = text(root.path("user").path("id"));
		if (user == null) {
			return Optional.empty();
		}
		if (BLOCK_ACTIONS.equals(type)) {
			JsonNode action = root.path("actions").path(0);
			String actionId = text(action.path("action_id"));
			String value = text(action.path("value"));
			if (actionId == null || value == null) {
				return Optional.empty();
			}
			return Optional.of(new Interaction(type, user, text(root.path("channel").path("id")),
					text(root.path("trigger_id")), actionId, value, null));
		}
		if (VIEW_SUBMISSION.equals(type)) {
			JsonNode view = root.path("view");
			String metadata = text(view.path("private_metadata"));
			if (!SlackBlocks.MODAL.equals(view.path("callback_id").asText()) || metadata == null) {
				return Optional.empty();
			}
			String typed = text(view.path("state")
				.path("values")
				.path(SlackBlocks.TEXT_BLOCK)
				.path(SlackBlocks.TEXT_INPUT)
				.path("value"));
			return Optional
				.of(new Interaction(type, user, null, null, SlackBlocks.MODAL, metadata, (typed != null) ? typed : ""));
		}
		return Optional.empty();
	}

	private static String text(JsonNode node) {
		return (node.isTextual() && !node.asText().isEmpty() && node.asText().length() <= 4000) ? node.asText() : null;
	}

}
