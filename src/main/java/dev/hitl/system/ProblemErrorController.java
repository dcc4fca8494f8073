package dev.hitl.system;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Where the servlet container sends what no handler answered: an unknown route, a request
 * the security firewall refused, an exception of the engine's REST servlets. Instead of
 * Spring Boot's own error body, APIs and scripts get problem+json; a browser asking for a
 * page outside the APIs gets the portal's error page. Never the exception's text.
 */
@Controller
class ProblemErrorController implements ErrorController {

	/** Besides the engine's APIs. */
	private static final List<String> API_PATHS = List.of("/api/", "/mcp");

	private final ProblemResponses problems;

	private final EngineWebSurface engine;

	ProblemErrorController(ProblemResponses problems, EngineWebSurface engine) {
		this.problems = problems;
		this.engine = engine;
	}

	@RequestMapping("${server.error.path:${error.path:/error}}")
	ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		HttpStatus status = status(request);
		if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			DatabaseOutage.retryAfter(response);
		}
		String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (wantsPage(request)
				&& (path == null || !(API_PATHS.stream().anyMatch(path::startsWith) || this.engine.isApi(path)))) {
			ModelAndView page = new ModelAndView("portal/error",
					Map.of("status", status.value(), "reason", status.getReasonPhrase(), "message", message(status),
							"details", List.of(), "tasklistUrl", this.engine.tasklistHome()));
			page.setStatus(status);
			return page;
		}
		this.problems.write(response, status, message(status));
		return null;
	}

	private static HttpStatus status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		for (Throwable ex = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION); ex != null
				&& ex.getCause() != ex; ex = ex.getCause()) {
			// Refused by the security firewall while a servlet read the request: the
			// request's fault, not ours.
			if (ex.getClass().getSimpleName().equals("RequestRejectedException")) {
				return HttpStatus.BAD_REQUEST;
			}
			if (DatabaseOutage.causedBy(ex)) {
				return HttpStatus.SERVICE_UNAVAILABLE;
			}
		}
		return (status != null && status.isError()) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
	}

	private static boolean wantsPage(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept == null) {
			return false;
		}
		try {
			return MediaType.parseMediaTypes(accept)
				.stream()
				.anyMatch((type) -> type.getQualityValue() > 0 && type.equalsTypeAndSubtype(MediaType.TEXT_HTML));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	static String message(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST -> "The request is malformed.";
			case UNAUTHORIZED -> "Authentication required.";
			case FORBIDDEN -> "Not allowed for this account.";
			case NOT_FOUND -> "There is nothing at this address.";
			case METHOD_NOT_ALLOWED -> "This address does not take that method.";
			case NOT_ACCEPTABLE -> "The answer can only be JSON.";
			case UNSUPPORTED_MEDIA_TYPE -> "The body must be JSON (Content-Type: application/json).";
			case PAYLOAD_TOO_LARGE -> "The request is too large.";
			case INTERNAL_SERVER_ERROR -> "An unexpected error occurred.";
			case SERVICE_UNAVAILABLE -> DatabaseOutage.DETAIL + ".";
			default -> status.getReasonPhrase() + ".";
		};
	}

}
