package dev.hitl.workflow;

/**
 * The caller may not do this to the review task: not a reviewer of the consultation, the
 * person it was requested for, or someone else's claim. Answered 403.
 */
public class TaskRefusedException extends ReviewTaskException {

	TaskRefusedException(String message) {
		super(message, null);
	}

	@Override
	public int status() {
		return 403;
	}

}
