package dev.hitl.workflow;

import org.camunda.bpm.engine.BadUserRequestException;

/**
 * A review rule refused a step inside an engine command. An engine exception without a
 * cause, so the engine rolls back and never routes it to a process's error events (and,
 * as a bad request, logs it at debug level, not as an error);
 * {@link ReviewCommandInterceptor} turns it into the public exception once the command
 * has ended, past the engine REST API's own handlers, which would answer any engine
 * exception thrown through them with 500.
 */
final class ReviewRuleViolation extends BadUserRequestException {

	private final boolean conflict;

	private final boolean taskEnded;

	private ReviewRuleViolation(String message, boolean conflict, boolean taskEnded) {
		super(message);
		this.conflict = conflict;
		this.taskEnded = taskEnded;
	}

	static ReviewRuleViolation forbidden(String message) {
		return new ReviewRuleViolation(message, false, false);
	}

	static ReviewRuleViolation conflict(String message) {
		return new ReviewRuleViolation(message, true, false);
	}

	/**
	 * The task's process moved on under the command (a rival committed meanwhile); what
	 * won is for {@link ReviewCommandInterceptor} to find out.
	 */
	static ReviewRuleViolation taskEnded() {
		return new ReviewRuleViolation("The review task has already ended", true, true);
	}

	boolean isTaskEnded() {
		return this.taskEnded;
	}

	ReviewTaskException toPublic() {
		return this.conflict ? new TaskConflictException(getMessage(), null) : new TaskRefusedException(getMessage());
	}

}
