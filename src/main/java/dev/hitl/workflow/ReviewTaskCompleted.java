package dev.hitl.workflow;

/**
 * A reviewer completed a review task, through any channel, or a review loop of several
 * tasks ended with its last answer. Published inside the engine's transaction: a listener
 * that throws {@link AnswerRefusedException} keeps the task open.
 *
 * @param step what the completion means for the consultation
 */
public record ReviewTaskCompleted(String consultationId, String processInstanceId, String respondedBy, String channel,
		String decision, String choice, String text, String comment, Step step) {

	public ReviewTaskCompleted concluded() {
		return new ReviewTaskCompleted(this.consultationId, this.processInstanceId, this.respondedBy, this.channel,
				this.decision, this.choice, this.text, this.comment, Step.LOOP_ENDED);
	}

	public enum Step {

		/** A plain user task: this answer is the outcome. */
		ANSWERED,

		/**
		 * One task of a multi-instance review: recorded (an approval), the review goes on
		 * unless the model's completion condition ends it.
		 */
		LOOP_ANSWERED,

		/**
		 * The multi-instance review ended: its last answer, already recorded, is the
		 * outcome.
		 */
		LOOP_ENDED

	}

}
