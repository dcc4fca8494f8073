package dev.hitl.system.web;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Depth is checked first, so that a deeply nested value is refused before it is written
 * out; the size is counted while writing, without keeping the bytes.
 */
public class JsonLimitsValidator implements ConstraintValidator<JsonLimits, JsonNode> {

	private static final ObjectMapper JSON = new ObjectMapper();

	private JsonLimits rule;

	@Override
	public void initialize(JsonLimits rule) {
		this.rule = rule;
	}

	@Override
	public boolean isValid(JsonNode value, ConstraintValidatorContext context) {
		if (value == null) {
			return true;
		}
		String problem = problem(value);
		if (problem == null) {
			return true;
		}
		Constraints.report(context, List.of(this.rule.message().isEmpty() ? problem : this.rule.message()));
		return false;
	}

	private String problem(JsonNode value) {
		if (depth(value, this.rule.maxDepth()) > this.rule.maxDepth()) {
			return "must not nest deeper than " + this.rule.maxDepth() + " levels";
		}
		if (size(value) > this.rule.maxBytes()) {
			int bytes = this.rule.maxBytes();
			return "must be at most " + ((bytes % 1024 == 0) ? (bytes / 1024) + " KiB" : bytes + " bytes")
					+ " when serialized";
		}
		return null;
	}

	/** Levels of containers, counted no further than one past {@code limit}. */
	static int depth(JsonNode node, int limit) {
		if (!node.isContainerNode()) {
			return 0;
		}
		int deepest = 0;
		for (JsonNode child : node) {
			if (child.isContainerNode()) {
				deepest = Math.max(deepest, depth(child, limit));
				if (deepest > limit) {
					break;
				}
			}
		}
		return deepest + 1;
	}

	private static long size(JsonNode value) {
		Counter counter = new Counter();
		try {
			JSON.writeValue(counter, value);
		}
		catch (IOException ex) {
			return Long.MAX_VALUE;
		}
		return counter.count;
	}

	private static final class Counter extends OutputStream {

		private long count;

		@Override
		public void write(int b) {
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.count += len;
		}

	}

}
