package dev.hitl.system;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.hitl.system.web.Violations;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as RFC 9457 problem+json. Field problems name the field; anything
 * unexpected is logged and answered 500 without internals; an unreachable database is
 * 503.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler
	ProblemDetail invalidRequest(InvalidRequestException ex) {
		return ex.problem();
	}

	@ExceptionHandler
	ProblemDetail constraintViolations(ConstraintViolationException ex) {
		return invalidRequest(Violations.of(ex.getConstraintViolations()));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest().body(invalidRequest(Violations.of(ex.getBindingResult())));
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<ConstraintViolation<?>> violations = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				violations.add(result.unwrap(error, ConstraintViolation.class));
			}
		}
		return ResponseEntity.badRequest().body(invalidRequest(Violations.of(violations)));
	}

	@ExceptionHandler
	ProblemDetail apiProblem(ApiProblem ex) {
		return ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail typeMismatch(MethodArgumentTypeMismatchException ex) {
		return invalidRequest(new InvalidRequestException(ex.getName(), "has an invalid value"));
	}

	/** The security firewall refused a header or parameter when it was first read. */
	@ExceptionHandler
	ProblemDetail rejected(RequestRejectedException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request holds characters not allowed");
	}

	@ExceptionHandler
	ProblemDetail multipart(MultipartException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"The Content-Type is not one this API reads: send application/json");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (DatabaseOutage.causedBy(ex)) {
			log.warn("Database unreachable, answered 503: {}", ex.toString());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()))
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, DatabaseOutage.DETAIL));
		}
		log.error("Unexpected error", ex);
		return ResponseEntity.internalServerError()
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred"));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = invalidRequest(describe(ex));
		return ResponseEntity.badRequest().body(problem);
	}

	private static InvalidRequestException describe(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getMostSpecificCause();
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return new InvalidRequestException(path(unknown), "is not a known field");
		}
		if (cause instanceof MismatchedInputException mismatch && mismatch.getPath().isEmpty()
				&& mismatch.getTargetType() != null && mismatch.getTargetType().isRecord()) {
			return new InvalidRequestException("body", "must be a JSON object");
		}
		if (cause instanceof MismatchedInputException mismatch && mismatch.getTargetType() == String.class
				&& !mismatch.getPath().isEmpty()) {
			return new InvalidRequestException(path(mismatch), "must be a string");
		}
		if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
			return new InvalidRequestException(path(mapping), "has the wrong type");
		}
		if (cause instanceof JsonProcessingException) {
			return new InvalidRequestException(
					List.of(new InvalidRequestException.FieldViolation("body", "is not valid JSON")));
		}
		return new InvalidRequestException("body", "is missing or unreadable");
	}

	private static String path(JsonMappingException ex) {
		StringBuilder path = new StringBuilder();
		for (JsonMappingException.Reference reference : ex.getPath()) {
			if (reference.getFieldName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
			}
			else {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

}
