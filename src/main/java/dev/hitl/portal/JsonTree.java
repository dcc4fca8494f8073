package dev.hitl.portal;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.web.util.HtmlUtils;

/**
 * An agent's context as a readable, collapsible tree: objects and arrays are
 * {@code <details>} elements (open for the first levels), keys and values are escaped
 * text. Needs no script.
 */
final class JsonTree {

	/** Levels shown open; deeper ones start collapsed. */
	private static final int OPEN_LEVELS = 2;

	private JsonTree() {
	}

	/** Safe HTML; empty when there is no context or it is an empty object. */
	static String toHtml(JsonNode context) {
		if (context == null || context.isNull() || (context.isContainerNode() && context.isEmpty())) {
			return "";
		}
		StringBuilder html = new StringBuilder("<div class=\"json-tree\">");
		value(html, context, 0);
		return html.append("</div>").toString();
	}

	private static void value(StringBuilder html, JsonNode node, int depth) {
		if (node.isObject()) {
			container(html, node, depth, "{…} " + count(node.size(), "key"), "json-object");
		}
		else if (node.isArray()) {
			container(html, node, depth, "[…] " + count(node.size(), "item"), "json-array");
		}
		else if (node.isTextual()) {
			html.append("<span class=\"json-string\">&quot;").append(escape(node.asText())).append("&quot;</span>");
		}
		else if (node.isNumber()) {
			html.append("<span class=\"json-number\">").append(escape(node.asText())).append("</span>");
		}
		else if (node.isBoolean()) {
			html.append("<span class=\"json-boolean\">").append(node.asText()).append("</span>");
		}
		else {
			html.append("<span class=\"json-null\">null</span>");
		}
	}

	private static void container(StringBuilder html, JsonNode node, int depth, String summary, String type) {
		if (node.isEmpty()) {
			html.append("<span class=\"")
				.append(type)
				.append("\">")
				.append(node.isObject() ? "{}" : "[]")
				.append("</span>");
			return;
		}
		html.append("<details class=\"")
			.append(type)
			.append("\"")
			.append((depth < OPEN_LEVELS) ? " open" : "")
			.append("><summary>")
			.append(summary)
			.append("</summary><dl>");
		if (node.isObject()) {
			for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
				Map.Entry<String, JsonNode> field = fields.next();
				entry(html, escape(field.getKey()), field.getValue(), depth);
			}
		}
		else {
			for (int i = 0; i < node.size(); i++) {
				entry(html, String.valueOf(i), node.get(i), depth);
			}
		}
		html.append("</dl></details>");
	}

	private static void entry(StringBuilder html, String key, JsonNode value, int depth) {
		html.append("<dt>").append(key).append("</dt><dd>");
		value(html, value, depth + 1);
		html.append("</dd>");
	}

	private static String count(int size, String noun) {
		return size + " " + noun + ((size == 1) ? "" : "s");
	}

	private static String escape(String text) {
		return HtmlUtils.htmlEscape(text);
	}

}
