package dev.hitl.workflow;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.system.DatabaseOutage;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ExceptionHandler;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Answers the review rules' refusals as problem+json on the engine's REST API and on
 * Tasklist's copy of it: both are Jersey applications the engine's starters build, and
 * Jersey discovers this class in every one of them (META-INF/services). The mapper for
 * {@link ReviewTaskException} is nearer to it than the engine's own handler for any
 * exception, which would answer 500. An unreachable database is 503 with
 * {@code Retry-After} here too, as on every other route ({@link DatabaseOutage}); the
 * engine's own handlers would answer 500.
 */
public final class EngineRestProblems implements ForcedAutoDiscoverable {

	@Override
	public void configure(FeatureContext context) {
		if (!context.getConfiguration().isRegistered(ReviewTaskExceptionMapper.class)) {
			context.register(new ReviewTaskExceptionMapper());
		}
		// Same exception types as the engine's handlers, ahead of them by priority.
		if (!context.getConfiguration().isRegistered(OutageOrEngineFailureMapper.class)) {
			context.register(new OutageOrEngineFailureMapper(), Priorities.USER - 100);
		}
		if (!context.getConfiguration().isRegistered(OutageOrOtherFailureMapper.class)) {
			context.register(new OutageOrOtherFailureMapper(), Priorities.USER - 100);
		}
	}

	private static Response unavailable() {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", HttpStatus.SERVICE_UNAVAILABLE.getReasonPhrase());
		problem.put("status", HttpStatus.SERVICE_UNAVAILABLE.value());
		problem.put("detail", DatabaseOutage.DETAIL);
		problem.put("message", DatabaseOutage.DETAIL);
		try {
			return Response.status(HttpStatus.SERVICE_UNAVAILABLE.value())
				.type(MediaType.APPLICATION_PROBLEM_JSON_VALUE)
				.header(HttpHeaders.RETRY_AFTER, DatabaseOutage.RETRY_AFTER.toSeconds())
				.entity(ReviewTaskExceptionMapper.JSON.writeValueAsString(problem))
				.build();
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static final class OutageOrEngineFailureMapper implements ExceptionMapper<ProcessEngineException> {

		private final ProcessEngineExceptionHandler engine = new ProcessEngineExceptionHandler();

		@Override
		public Response toResponse(ProcessEngineException exception) {
			return DatabaseOutage.causedBy(exception) ? unavailable() : this.engine.toResponse(exception);
		}

	}

	static final class OutageOrOtherFailureMapper implements ExceptionMapper<Throwable> {

		private final ExceptionHandler engine = new ExceptionHandler();

		@Override
		public Response toResponse(Throwable exception) {
			return DatabaseOutage.causedBy(exception) ? unavailable() : this.engine.toResponse(exception);
		}

	}

	static final class ReviewTaskExceptionMapper implements ExceptionMapper<ReviewTaskException> {

		private static final ObjectMapper JSON = new ObjectMapper();

		@Override
		public Response toResponse(ReviewTaskException exception) {
			HttpStatus status = HttpStatus.valueOf(exception.status());
			Map<String, Object> problem = new LinkedHashMap<>();
			problem.put("type", "about:blank");
			problem.put("title", status.getReasonPhrase());
			problem.put("status", status.value());
			problem.put("detail", exception.getMessage());
			// Tasklist shows the "message" of an error it gets from this API.
			problem.put("message", exception.getMessage());
			try {
				return Response.status(status.value())
					.type(MediaType.APPLICATION_PROBLEM_JSON_VALUE)
					.entity(JSON.writeValueAsString(problem))
					.build();
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
