package dev.hitl.system;

import java.util.ArrayList;
import java.util.List;

import dev.hitl.system.InvalidRequestException.FieldViolation;

/** Page number (from 1) and size (1 to 100), checked at the edge. */
public record PageRequest(int page, int pageSize) {

	public static final int MAX_PAGE_SIZE = 100;

	public static PageRequest of(String page, String pageSize) {
		List<FieldViolation> violations = new ArrayList<>();
		int number = parse(page, 1, "page", 1, 1_000_000, violations);
		int size = parse(pageSize, 20, "page_size", 1, MAX_PAGE_SIZE, violations);
		if (!violations.isEmpty()) {
			throw new InvalidRequestException(violations);
		}
		return new PageRequest(number, size);
	}

	public int offset() {
		return (this.page - 1) * this.pageSize;
	}

	private static int parse(String value, int fallback, String field, int min, int max,
			List<FieldViolation> violations) {
		if (value == null || value.isEmpty()) {
			return fallback;
		}
		try {
			int parsed = Integer.parseInt(value);
			if (parsed >= min && parsed <= max) {
				return parsed;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		violations.add(new FieldViolation(field, "must be an integer from " + min + " to " + max));
		return fallback;
	}

}
