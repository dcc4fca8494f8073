package dev.hitl.system.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.InvalidRequestException.FieldViolation;
import dev.hitl.system.Rfc3339;
import dev.hitl.system.StorableText;

/**
 * Query parameters checked at the edge, one rule per kind of value for every route. An
 * absent or empty parameter means "not given" ({@code null}); each one that breaks its
 * rule is collected, and {@link #throwIfInvalid()} answers them all in one 400.
 */
public final class Params {

	private static final String INSTANT = "must be an RFC 3339 date-time such as 2026-11-23T10:00:00Z";

	private final List<FieldViolation> violations = new ArrayList<>();

	/**
	 * One of the allowed values; a set is listed sorted in the message, a list in its own
	 * order.
	 */
	public String oneOf(String field, String value, Collection<String> allowed) {
		if (isEmpty(value)) {
			return null;
		}
		if (!allowed.contains(value)) {
			List<String> listed = (allowed instanceof List<String> ordered) ? ordered
					: allowed.stream().sorted().toList();
			violation(field, "must be one of " + listed);
			return null;
		}
		return value;
	}

	/** An RFC 3339 date-time of years 1 to 9999. */
	public Instant instant(String field, String value) {
		if (isEmpty(value)) {
			return null;
		}
		Instant instant = Rfc3339.parse(value).orElse(null);
		if (instant == null) {
			violation(field, INSTANT + (value.contains(" ")
					? "; a space where the offset's '+' belongs means the '+' was not URL-encoded: send it as %2B"
					: ""));
		}
		return instant;
	}

	/** As {@link #instant}, but an absent or empty value breaks the rule too. */
	public Instant requiredInstant(String field, String value) {
		if (isEmpty(value)) {
			violation(field, INSTANT);
			return null;
		}
		return instant(field, value);
	}

	public UUID uuid(String field, String value) {
		if (isEmpty(value)) {
			return null;
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			violation(field, "must be a UUID");
			return null;
		}
	}

	/**
	 * Text kept as given: at most {@code max} characters, no NUL or unpaired surrogate.
	 */
	public String storable(String field, String value, int max) {
		if (isEmpty(value)) {
			return null;
		}
		if (value.codePointCount(0, value.length()) > max || !StorableText.isStorable(value)) {
			violation(field, "must be at most " + max + " characters, without NUL or unpaired surrogates");
		}
		return value;
	}

	/** A name, id or filter: at most {@code max} characters, no control character. */
	public String line(String field, String value, int max) {
		if (isEmpty(value)) {
			return null;
		}
		if (value.length() > max || !StorableText.isPlainLine(value)) {
			violation(field, "must be at most " + max + " characters, without control characters");
		}
		return value;
	}

	/** A JSON string argument, or {@code null} when absent or JSON null. */
	public String string(String field, JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isTextual()) {
			violation(field, "must be a string");
			return null;
		}
		return node.asText();
	}

	public void violation(String field, String message) {
		this.violations.add(new FieldViolation(field, message));
	}

	/**
	 * @throws InvalidRequestException naming every parameter that broke its rule
	 */
	public void throwIfInvalid() {
		if (!this.violations.isEmpty()) {
			throw new InvalidRequestException(this.violations);
		}
	}

	private static boolean isEmpty(String value) {
		return value == null || value.isEmpty();
	}

}
