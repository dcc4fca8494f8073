package dev.hitl.system;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * RFC 3339 date-times from query parameters. Java reads years up to ±999,999,999, which
 * no database column holds (PostgreSQL stops at year 294,276), so only years 1 to 9999
 * are taken: anything else is refused at the edge rather than failing in the database.
 */
public final class Rfc3339 {

	private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

	private Rfc3339() {
	}

	/**
	 * @return the instant, or empty when the value is not an RFC 3339 date-time of years
	 * 1 to 9999
	 */
	public static Optional<Instant> parse(String value) {
		try {
			Instant instant = OffsetDateTime.parse(value).toInstant();
			return (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) ? Optional.empty() : Optional.of(instant);
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

}
