package dev.hitl.system;

import org.springframework.http.HttpStatus;

/**
 * A refusal a module raises on purpose, answered as problem+json with its status: 404 for
 * what the caller may not see, 409 for a state conflict, and so on.
 */
public class ApiProblem extends RuntimeException {

	private final HttpStatus status;

	public ApiProblem(HttpStatus status, String detail) {
		super(detail);
		this.status = status;
	}

	public HttpStatus status() {
		return this.status;
	}

	public static ApiProblem notFound(String what) {
		return new ApiProblem(HttpStatus.NOT_FOUND, what + " not found");
	}

	public static ApiProblem conflict(String detail) {
		return new ApiProblem(HttpStatus.CONFLICT, detail);
	}

}
