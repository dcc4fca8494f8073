package dev.hitl.workflow;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Answers the review rules' refusals as problem+json on the engine's REST API and on
 * Tasklist's copy of it: both are Jersey applications the engine's starters build, and
 * Jersey discovers this class in every one of them (META-INF/services). The mapper for
 * {@link ReviewTaskException} is nearer to it than the engine's own handler for any
 * exception, which would answer 500.
 */
public final class EngineRestProblems implements ForcedAutoDiscoverable {

	@Override
	public void configure(FeatureContext context) {
		if (!context.getConfiguration().isRegistered(ReviewTaskExceptionMapper.class)) {
			context.register(new ReviewTaskExceptionMapper());
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
