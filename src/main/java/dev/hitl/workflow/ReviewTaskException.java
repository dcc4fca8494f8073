package dev.hitl.workflow;

/**
 * A review task rule refused a call, on whichever channel it came: the reviewer API and
 * the portal answer it as problem+json with {@link #status()}, and so do the engine's
 * REST API and Tasklist's ({@link EngineRestProblems}).
 */
public abstract class ReviewTaskException extends RuntimeException {

	ReviewTaskException(String message, Throwable cause) {
		super(message, cause);
	}

	/** The HTTP status the refusal answers with. */
	public abstract int status();

}
