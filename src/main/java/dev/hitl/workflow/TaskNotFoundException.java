package dev.hitl.workflow;

/** No task has this id, open or ended: answered 404 instead of the engine's 500. */
public class TaskNotFoundException extends ReviewTaskException {

	TaskNotFoundException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public int status() {
		return 404;
	}

}
