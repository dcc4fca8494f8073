package dev.hitl.workflow;

/**
 * The review task is held by someone else, or the consultation ended or changed
 * concurrently: a lost race, answered 409.
 */
public class TaskConflictException extends ReviewTaskException {

	private final boolean transientConflict;

	public TaskConflictException(String message, Throwable cause) {
		this(message, cause, false);
	}

	TaskConflictException(String message, Throwable cause, boolean transientConflict) {
		super(message, cause);
		this.transientConflict = transientConflict;
	}

	/**
	 * A concurrent engine step (an email branch ending, a timer) touched the same
	 * process: the same request in a fresh transaction will most likely succeed.
	 */
	public boolean isTransient() {
		return this.transientConflict;
	}

	@Override
	public int status() {
		return 409;
	}

}
