package dev.hitl.emailaction;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

import dev.hitl.consultation.Consultation;
import dev.hitl.consultation.Consultation.Response;

/** How a consultation ended, in a sentence for its reviewers. */
final class Endings {

	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private Endings() {
	}

	static String describe(Consultation consultation) {
		Response response = consultation.response();
		return switch (consultation.state()) {
			case "responded" -> "It was answered (" + outcome(consultation, response) + ")"
					+ ((response != null && response.respondedBy() != null) ? " by " + response.respondedBy() : "")
					+ at((response != null) ? response.respondedAt() : consultation.updatedAt())
					+ ((response != null && response.channel() != null) ? ", via " + response.channel() : "") + ".";
			case "timed_out" -> (response != null && "timeout".equals(response.decidedBy()))
					? "Nobody answered in time; its timeout policy decided: " + outcome(consultation, response)
							+ at(consultation.expiresAt()) + "."
					: "It timed out unanswered" + at(consultation.expiresAt()) + ".";
			case "cancelled" -> "It was cancelled by the agent that asked" + at(consultation.updatedAt()) + ".";
			default -> "It is " + consultation.state() + ".";
		};
	}

	/** The decision, the option's label, or that a text was written (not the text). */
	static String outcome(Consultation consultation, Response response) {
		if (response == null) {
			return "no answer";
		}
		if (response.decision() != null) {
			return response.decision();
		}
		if (response.choice() != null) {
			return "\"" + label(consultation, response.choice()) + "\"";
		}
		return (response.text() != null) ? "a written answer" : "no answer";
	}

	static String label(Consultation consultation, String value) {
		return consultation.options()
			.stream()
			.filter((option) -> Objects.equals(option.value(), value))
			.map(Consultation.Option::label)
			.findFirst()
			.orElse(value);
	}

	private static String at(Instant instant) {
		return (instant != null) ? " on " + TIME.format(instant) : "";
	}

}
