package dev.hitl.workflow;

/**
 * Thrown by a listener of {@link ReviewTaskCompleted} when the answer does not fit the
 * consultation; the engine then rolls back and the task stays open.
 */
public class AnswerRefusedException extends RuntimeException {

	public AnswerRefusedException(String message) {
		super(message);
	}

}
