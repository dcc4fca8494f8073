package dev.hitl.system;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Content negotiation, settled before any handler runs.
 * <p>
 * The API answers in JSON only: a request whose {@code Accept} rules JSON out is refused
 * with 406 before anything is read or written (a consultation was once created and its
 * 201 then failed to render), and multipart bodies, which the servlet would try to parse,
 * with 415.
 * <p>
 * Everywhere (the engine's REST API, the webapps and the portal too), a
 * {@code Content-Type} that is no media type, a wildcard or a charset Java does not know
 * is refused with 415 and an {@code Accept} that does not parse with 406; on the engine's
 * REST API and the webapps', an {@code Accept-Language} that does not parse with 400.
 * Further in, those failed as 500s and had their text (sometimes a key sent in the wrong
 * header) logged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class MediaTypeGuard extends OncePerRequestFilter {

	private static final UrlPathHelper PATHS = new UrlPathHelper();

	private static final List<MediaType> ANSWERS = List.of(MediaType.APPLICATION_JSON,
			MediaType.APPLICATION_PROBLEM_JSON);

	private final ProblemResponses problems;

	private final EngineWebSurface engine;

	MediaTypeGuard(ProblemResponses problems, EngineWebSurface engine) {
		this.problems = problems;
		this.engine = engine;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean api = isApi(PATHS.getPathWithinApplication(request));
		String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
		if (contentType != null && !isUsable(contentType, !api)) {
			this.problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					api ? "The Content-Type is not one this API reads: send application/json"
							: "The Content-Type is malformed");
			return;
		}
		String languages = request.getHeader(HttpHeaders.ACCEPT_LANGUAGE);
		if (this.engine.isApi(PATHS.getPathWithinApplication(request)) && languages != null
				&& !isLanguageList(languages)) {
			this.problems.write(response, HttpStatus.BAD_REQUEST, "The Accept-Language header is malformed");
			return;
		}
		List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
		List<MediaType> accepted = accept.isEmpty() ? List.of(MediaType.ALL) : parse(String.join(",", accept));
		if (accepted == null) {
			this.problems.write(response, HttpStatus.NOT_ACCEPTABLE, "The Accept header is malformed");
			return;
		}
		if (api && accepted.stream()
			.noneMatch((type) -> type.getQualityValue() > 0 && ANSWERS.stream().anyMatch(type::includes))) {
			this.problems.write(response, HttpStatus.NOT_ACCEPTABLE,
					"This API answers in application/json (errors in application/problem+json) only");
			return;
		}
		chain.doFilter(request, response);
	}

	/** The agents' and reviewers' API, not its docs' pages. */
	private static boolean isApi(String path) {
		return path.startsWith("/api/v1/") && !path.startsWith("/api/v1/docs")
				&& !path.startsWith("/api/v1/swagger-ui");
	}

	private static boolean isUsable(String contentType, boolean multipartAllowed) {
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			type.getCharset();
			return !type.isWildcardType() && !type.isWildcardSubtype()
					&& (multipartAllowed || !"multipart".equals(type.getType()));
		}
		catch (IllegalArgumentException ex) {
			// Malformed types, unknown and illegal charset names alike.
			return false;
		}
	}

	private static boolean isLanguageList(String languages) {
		try {
			Locale.LanguageRange.parse(languages);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return languages.isBlank();
		}
	}

	private static List<MediaType> parse(String accept) {
		if (accept.isBlank()) {
			return List.of(MediaType.ALL);
		}
		try {
			return MediaType.parseMediaTypes(accept);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
