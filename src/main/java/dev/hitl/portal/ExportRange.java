package dev.hitl.portal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.InvalidRequestException.FieldViolation;

/**
 * The UTC days an export covers, {@code to} included: at most {@link #MAX_DAYS}, from a
 * {@code YYYY-MM-DD} pair checked at the edge.
 */
record ExportRange(LocalDate from, LocalDate to) {

	static final int MAX_DAYS = 366;

	private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

	/**
	 * @throws InvalidRequestException naming each parameter that is wrong
	 */
	static ExportRange of(String from, String to) {
		List<FieldViolation> violations = new ArrayList<>();
		LocalDate first = date("from", from, violations);
		LocalDate last = date("to", to, violations);
		if (first != null && last != null) {
			if (last.isBefore(first)) {
				violations.add(new FieldViolation("to", "must not be before from"));
			}
			else if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
				violations
					.add(new FieldViolation("to", "must be at most " + MAX_DAYS + " days after from, counting both"));
			}
		}
		if (!violations.isEmpty()) {
			throw new InvalidRequestException(violations);
		}
		return new ExportRange(first, last);
	}

	private static LocalDate date(String name, String value, List<FieldViolation> violations) {
		if (value == null || value.isBlank()) {
			violations.add(new FieldViolation(name, "is required, a UTC date as YYYY-MM-DD"));
			return null;
		}
		try {
			if (DATE.matcher(value).matches()) {
				return LocalDate.parse(value);
			}
		}
		catch (DateTimeParseException ex) {
			// Falls through: a date that does not exist, such as 2026-02-30.
		}
		violations.add(new FieldViolation(name, "must be a UTC date as YYYY-MM-DD"));
		return null;
	}

	/** The first instant covered: midnight UTC starting {@code from}. */
	Instant start() {
		return this.from.atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	/** The first instant no longer covered: midnight UTC after {@code to}. */
	Instant end() {
		return this.to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	String filename() {
		return "consultations-" + this.from + "-to-" + this.to + ".csv";
	}

}
