package dev.hitl.system;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Refuses, before Tomcat maps a request to anything, a path that is not plainly what it
 * says: an empty segment ({@code //}), {@code .} or {@code ..} segments, path parameters
 * ({@code ;}), a backslash, or an encoded slash, backslash, dot, percent sign, semicolon
 * or NUL. Spring Security's firewall refuses these too, but Tomcat sent a path such as
 * {@code //engine-rest/engine} to the engine's REST servlet without running the filter
 * chain at all (the servlet then failed with a 500); here no servlet and no filter chain
 * ever sees one. Answered 400 problem+json.
 */
final class StrictPaths extends ValveBase {

	private static final Pattern FORBIDDEN = Pattern.compile("//|\\\\|;|%(2e|2f|5c|25|3b|00)|(^|/)\\.\\.?(/|$)");

	StrictPaths() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		String uri = request.getRequestURI();
		// A path Tomcat refused itself arrives as an error already, which the host's
		// error report valve answers.
		if (!response.isError() && uri != null && FORBIDDEN.matcher(uri.toLowerCase(Locale.ROOT)).find()) {
			response.setStatus(400);
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			response.getWriter()
				.write("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
						+ "\"detail\":\"The request path is not allowed.\"}");
			response.finishResponse();
			return;
		}
		getNext().invoke(request, response);
	}

}
