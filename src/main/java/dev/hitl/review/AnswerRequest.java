package dev.hitl.review;

import dev.hitl.consultation.Answer;
import dev.hitl.system.web.JsonString;

/**
 * The body of {@code POST /api/v1/consultations/{id}/respond}: strings only, no unknown
 * field. What fits the consultation is {@link Answer#problemFor}'s to say, the same on
 * every channel.
 */
record AnswerRequest(@JsonString String decision, @JsonString String choice, @JsonString String text,
		@JsonString String comment) {

	Answer answer() {
		return new Answer(this.decision, this.choice, this.text, this.comment);
	}

}
