package dev.hitl.system;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Input that breaks one or more field rules; answered 400 with every violation named. */
public class InvalidRequestException extends RuntimeException {

	private final List<FieldViolation> violations;

	public InvalidRequestException(List<FieldViolation> violations) {
		super(violations.stream()
			.map(FieldViolation::toString)
			.reduce((a, b) -> a + "; " + b)
			.orElse("Invalid request"));
		this.violations = List.copyOf(violations);
	}

	public InvalidRequestException(String field, String message) {
		this(List.of(new FieldViolation(field, message)));
	}

	public List<FieldViolation> violations() {
		return this.violations;
	}

	/** The 400 problem+json body: the violations listed with their field. */
	public ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, getMessage());
		problem.setTitle("Invalid request");
		problem.setProperty("errors",
				this.violations.stream().map((v) -> Map.of("field", v.field(), "message", v.message())).toList());
		return problem;
	}

	public record FieldViolation(String field, String message) {

		@Override
		public String toString() {
			return this.field + ": " + this.message;
		}

	}

}
