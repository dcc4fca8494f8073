package dev.hitl.security;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.system.CachedBodyRequest;
import dev.hitl.system.ProblemResponses;
import dev.hitl.workflow.CamundaWeb;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Refuses task queries that carry JUEL expressions ({@code ${...}}, {@code #{...}}) on
 * every REST surface of the engine: its own API and the webapps' copy of it. Camunda 7
 * evaluates expressions in stored task filters, and query parameters such as
 * {@code orQueries} have let them through before; an expression can call any method, so
 * none reaches the engine from outside. Stored filters may keep the few expressions
 * Tasklist's own filters use ({@code ${currentUser()}} and friends), matched exactly.
 */
class EngineQueryGuard extends OncePerRequestFilter {

	private static final UrlPathHelper PATHS = new UrlPathHelper();

	private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{");

	private static final int MAX_QUERY_BODY = 256 * 1024;

	private final ObjectMapper json;

	private final ProblemResponses problems;

	EngineQueryGuard(ObjectMapper json, ProblemResponses problems) {
		this.json = json;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = PATHS.getPathWithinApplication(request);
		boolean query = CamundaWeb.TASK_QUERY.matcher(path).matches()
				|| CamundaWeb.FILTER_QUERY.matcher(path).matches();
		boolean definition = !query && CamundaWeb.FILTER_DEFINITION.matcher(path).matches();
		if (!query && !definition) {
			chain.doFilter(request, response);
			return;
		}
		if (parametersCarryExpression(request)) {
			refuse(response);
			return;
		}
		CachedBodyRequest cached = CachedBodyRequest.read(request, MAX_QUERY_BODY);
		if (cached == null) {
			this.problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "The query is too large");
			return;
		}
		if (cached.body().length > 0 && bodyCarriesExpression(cached, definition)) {
			refuse(response);
			return;
		}
		chain.doFilter(cached, response);
	}

	private static boolean parametersCarryExpression(HttpServletRequest request) {
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			if (EXPRESSION.matcher(parameter.getKey()).find()) {
				return true;
			}
			for (String value : parameter.getValue()) {
				if (value != null && EXPRESSION.matcher(value).find()) {
					return true;
				}
			}
		}
		return false;
	}

	/** A body that is not JSON is refused too: it cannot be checked, and is no query. */
	private boolean bodyCarriesExpression(CachedBodyRequest request, boolean storedFilter) {
		try {
			return carriesExpression(this.json.readTree(request.body()), storedFilter);
		}
		catch (JsonProcessingException ex) {
			return true;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private static boolean carriesExpression(JsonNode node, boolean storedFilter) {
		if (node == null) {
			return false;
		}
		if (node.isTextual()) {
			String text = node.asText();
			return EXPRESSION.matcher(text).find()
					&& !(storedFilter && CamundaWeb.TASKLIST_FILTER_EXPRESSION.matcher(text.strip()).matches());
		}
		if (node.isObject()) {
			for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
				Map.Entry<String, JsonNode> field = fields.next();
				if (EXPRESSION.matcher(field.getKey()).find() || carriesExpression(field.getValue(), storedFilter)) {
					return true;
				}
			}
		}
		for (JsonNode child : node.isArray() ? node : java.util.List.<JsonNode>of()) {
			if (carriesExpression(child, storedFilter)) {
				return true;
			}
		}
		return false;
	}

	private void refuse(HttpServletResponse response) throws IOException {
		this.problems.write(response, HttpStatus.BAD_REQUEST,
				"Expressions (${...}, #{...}) are not allowed in task queries and filters");
	}

}
