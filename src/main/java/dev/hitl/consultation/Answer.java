package dev.hitl.consultation;

import java.util.Objects;
import java.util.Optional;

import dev.hitl.system.StorableText;

/**
 * A reviewer's answer: exactly one of decision, choice or text, as the response type
 * asks, plus an optional comment.
 */
public record Answer(String decision, String choice, String text, String comment) {

	/**
	 * The engine keeps a string variable in a column of 4,000 characters; a longer text
	 * answer could never complete the review task.
	 */
	static final int MAX_TEXT = 4_000;

	/**
	 * Characters (code points), as every limit of the API: 2,000 of them take at most
	 * 4,000 UTF-16 units, which the engine's string variable holds on any database.
	 */
	static final int MAX_COMMENT = 2_000;

	/**
	 * @return why the answer does not fit the consultation, or empty when it does
	 */
	public Optional<String> problemFor(Consultation consultation) {
		String type = consultation.responseType();
		if (this.comment != null && this.comment.codePointCount(0, this.comment.length()) > MAX_COMMENT) {
			return Optional.of("comment must be at most " + MAX_COMMENT + " characters");
		}
		if (!StorableText.isStorable(this.text) || !StorableText.isStorable(this.comment)) {
			return Optional.of("text and comment must not contain NUL characters or unpaired surrogates");
		}
		return switch (type) {
			case "approval" -> (this.choice != null || this.text != null) ? only("decision")
					: ("approved".equals(this.decision) || "rejected".equals(this.decision)) ? Optional.empty()
							: Optional.of("decision must be 'approved' or 'rejected'");
			case "choice" -> (this.decision != null || this.text != null) ? only("choice")
					: consultation.options().stream().anyMatch((option) -> Objects.equals(option.value(), this.choice))
							? Optional.empty() : Optional.of("choice must be one of the consultation's option values");
			case "text" -> (this.decision != null || this.choice != null) ? only("text")
					: (this.text == null || this.text.isBlank() || this.text.length() > MAX_TEXT)
							? Optional.of("text must be 1 to " + MAX_TEXT + " characters") : Optional.empty();
			default -> Optional.of("unknown response type " + type);
		};
	}

	/** Empty strings from forms mean "not given". */
	public Answer normalized() {
		return new Answer(blankToNull(this.decision), blankToNull(this.choice), this.text, blankToNull(this.comment));
	}

	private static Optional<String> only(String field) {
		return Optional.of("this consultation takes only '" + field + "' (and an optional comment)");
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
