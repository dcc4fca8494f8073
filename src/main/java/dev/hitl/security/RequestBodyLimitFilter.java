package dev.hitl.security;

import java.io.IOException;

import dev.hitl.system.CachedBodyRequest;
import dev.hitl.system.ProblemResponses;
import dev.hitl.workflow.CamundaWeb;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Refuses bodies over the limit with 413 before anything parses them: by
 * {@code Content-Length} at once, or, for a chunked body, as soon as more than the limit
 * has arrived. Deployments to the engine's REST API (BPMN, forms) may be larger.
 */
class RequestBodyLimitFilter extends OncePerRequestFilter {

	private static final UrlPathHelper PATHS = new UrlPathHelper();

	private final long maxBody;

	private final long maxDeployment;

	private final ProblemResponses problems;

	RequestBodyLimitFilter(DataSize maxBody, DataSize maxDeployment, ProblemResponses problems) {
		this.maxBody = maxBody.toBytes();
		this.maxDeployment = maxDeployment.toBytes();
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = isDeployment(request) ? this.maxDeployment : this.maxBody;
		long length = request.getContentLengthLong();
		if (length > limit) {
			refuse(response, limit);
			return;
		}
		if (length < 0) {
			CachedBodyRequest cached = CachedBodyRequest.read(request, limit);
			if (cached == null) {
				refuse(response, limit);
				return;
			}
			chain.doFilter(cached, response);
			return;
		}
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletResponse response, long limit) throws IOException {
		response.setHeader("Connection", "close");
		this.problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE,
				"The request body is larger than " + (limit / 1024) + " KiB");
	}

	private static boolean isDeployment(HttpServletRequest request) {
		String path = PATHS.getPathWithinApplication(request);
		return CamundaWeb.DEPLOYMENT.matcher(path).matches();
	}

}
