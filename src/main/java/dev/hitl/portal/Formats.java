package dev.hitl.portal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** How the portal writes times, durations and states for people. */
final class Formats {

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final Map<String, String> STATES = Map.of("pending", "Pending", "responded", "Answered", "timed_out",
			"Timed out", "cancelled", "Cancelled");

	private static final Map<String, String> CHANNELS = Map.of("portal", "Portal", "tasklist", "Tasklist", "api", "API",
			"email", "Email");

	private Formats() {
	}

	static String utc(Instant instant) {
		return (instant != null) ? UTC.format(instant) : "";
	}

	static String iso(Instant instant) {
		return (instant != null) ? instant.toString() : "";
	}

	/** "in 3 h 20 min", "5 min ago", or "now". */
	static String relative(Instant at, Instant now) {
		Duration between = Duration.between(now, at);
		if (between.abs().compareTo(Duration.ofSeconds(30)) < 0) {
			return "now";
		}
		return between.isNegative() ? duration(between.negated()) + " ago" : "in " + duration(between);
	}

	/** The two largest units: "2 d 4 h", "3 h 20 min", "4 min", "45 s". */
	static String duration(Duration duration) {
		long seconds = Math.max(0, duration.getSeconds());
		long days = seconds / 86_400;
		long hours = (seconds % 86_400) / 3_600;
		long minutes = (seconds % 3_600) / 60;
		long rest = seconds % 60;
		if (days > 0) {
			return days + " d" + ((hours > 0) ? " " + hours + " h" : "");
		}
		if (hours > 0) {
			return hours + " h" + ((minutes > 0) ? " " + minutes + " min" : "");
		}
		if (minutes > 0) {
			return minutes + " min";
		}
		return rest + " s";
	}

	static String state(String state) {
		return STATES.getOrDefault(state, state);
	}

	static String channel(String channel) {
		return (channel != null) ? CHANNELS.getOrDefault(channel, channel) : "";
	}

	static String capitalized(String text) {
		return (text == null || text.isEmpty()) ? "" : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

}
