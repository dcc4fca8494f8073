package dev.hitl.workflow;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.system.CachedBodyRequest;
import dev.hitl.system.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Refuses, at the engine's REST API and Tasklist's copy of it, any variable named like
 * the service's own ({@code hitl...}), and on a task the variables the service sets when
 * a consultation starts ({@code consultationId}, {@code reviewerGroups}, ...): in a path
 * ({@code .../variables/{name}}) or in a body's variable maps and deletion lists. Nothing
 * the service decides reads such variables any more; this keeps them from being stored at
 * all, where they would confuse people and designers' processes.
 */
final class EngineVariableGuard extends OncePerRequestFilter {

	private static final UrlPathHelper PATHS = new UrlPathHelper();

	private static final String ROOT = CamundaWeb.ENGINE_API_ROOT;

	private static final Pattern ENGINE_PATH = Pattern.compile(ROOT + "/.*");

	private static final Pattern TASK_PATH = Pattern.compile(ROOT + "/task/.*");

	private static final Pattern NAMED_VARIABLE = Pattern
		.compile(ROOT + "/.+/(?:variables|localVariables)/([^/]+)(?:/data)?/?");

	/** The request fields that map variable names to values, anywhere in a body. */
	private static final Set<String> VARIABLE_MAPS = Set.of("variables", "modifications", "localVariables",
			"variablesLocal", "processVariables", "processVariablesLocal", "processVariablesToTriggeredScope",
			"correlationKeys", "localCorrelationKeys");

	private static final String DELETIONS = "deletions";

	private final ObjectMapper json;

	private final ProblemResponses problems;

	EngineVariableGuard(ObjectMapper json, ProblemResponses problems) {
		this.json = json;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = PATHS.getPathWithinApplication(request);
		if (!("POST".equals(request.getMethod()) || "PUT".equals(request.getMethod()))
				|| !ENGINE_PATH.matcher(path).matches()) {
			chain.doFilter(request, response);
			return;
		}
		boolean onTask = TASK_PATH.matcher(path).matches();
		Matcher named = NAMED_VARIABLE.matcher(path);
		Optional<String> problem = named.matches() ? problemWith(named.group(1), onTask) : Optional.empty();
		HttpServletRequest forwarded = request;
		if (problem.isEmpty() && isJson(request)) {
			CachedBodyRequest cached = CachedBodyRequest.read(request, Integer.MAX_VALUE - 9);
			byte[] body = cached.body();
			forwarded = cached;
			if (body.length > 0) {
				try {
					problem = scan(this.json.readTree(body), onTask);
				}
				catch (IOException ex) {
					problem = Optional.of("The body is not valid JSON");
				}
			}
		}
		if (problem.isPresent()) {
			this.problems.write(response, HttpStatus.BAD_REQUEST, problem.get());
			return;
		}
		chain.doFilter(forwarded, response);
	}

	private static boolean isJson(HttpServletRequest request) {
		String type = request.getContentType();
		return type == null || type.toLowerCase(java.util.Locale.ROOT).contains("json");
	}

	private static Optional<String> scan(JsonNode node, boolean onTask) {
		if (node == null) {
			return Optional.empty();
		}
		for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
			Map.Entry<String, JsonNode> field = fields.next();
			Optional<String> problem = Optional.empty();
			if (VARIABLE_MAPS.contains(field.getKey()) && field.getValue().isObject()) {
				for (Iterator<String> names = field.getValue().fieldNames(); names.hasNext() && problem.isEmpty();) {
					problem = problemWith(names.next(), onTask);
				}
			}
			else if (DELETIONS.equals(field.getKey()) && field.getValue().isArray()) {
				for (JsonNode name : field.getValue()) {
					problem = problem.or(() -> problemWith(name.asText(), onTask));
				}
			}
			problem = problem.or(() -> scan(field.getValue(), onTask));
			if (problem.isPresent()) {
				return problem;
			}
		}
		if (node.isArray()) {
			for (JsonNode element : node) {
				Optional<String> problem = scan(element, onTask);
				if (problem.isPresent()) {
					return problem;
				}
			}
		}
		return Optional.empty();
	}

	private static Optional<String> problemWith(String name, boolean onTask) {
		if (ProcessVariables.isReserved(name)) {
			return Optional.of("Variable names starting with '" + ProcessVariables.RESERVED_PREFIX
					+ "' are reserved for the service");
		}
		if (onTask && ProcessVariables.START.contains(name)) {
			return Optional.of("Variable '" + name + "' is set by the service when the consultation starts; "
					+ "a review task cannot change it");
		}
		return Optional.empty();
	}

}
