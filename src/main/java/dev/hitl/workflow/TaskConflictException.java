package dev.hitl.workflow;

/** The review task is held by someone else or changed concurrently. */
public class TaskConflictException extends RuntimeException {

	public TaskConflictException(String message, Throwable cause) {
		super(message, cause);
	}

}
