package dev.hitl;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real HTTP client for tests: every call goes through the servlet container and
 * security.
 */
public final class HttpApi {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient client = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	public HttpApi(int port) {
		this.base = "http://localhost:" + port;
	}

	public static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	public static String bearer(String key) {
		return "Bearer " + key;
	}

	public Result get(String path, String authorization, String... headers) {
		return send(request(path, authorization, headers).GET());
	}

	public Result post(String path, String authorization, Object body, String... headers) {
		return send(request(path, authorization, headers).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : write(body))));
	}

	public Result put(String path, String authorization, Object body) {
		return send(request(path, authorization).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(write(body))));
	}

	public Result delete(String path, String authorization) {
		return send(request(path, authorization).DELETE());
	}

	public Result postForm(String path, String form, String... headers) {
		return send(request(path, null, headers).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	private HttpRequest.Builder request(String path, String authorization, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
		if (authorization != null) {
			builder.header("Authorization", authorization);
		}
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return builder;
	}

	private Result send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Result(response.statusCode(), response, response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String write(Object body) {
		try {
			return JSON.writeValueAsString(body);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public record Result(int status, HttpResponse<String> response, String body) {

		public JsonNode json() {
			try {
				return (this.body == null || this.body.isEmpty()) ? JSON.missingNode() : JSON.readTree(this.body);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Not JSON: " + this.body, ex);
			}
		}

		public String header(String name) {
			return this.response.headers().firstValue(name).orElse(null);
		}

		public String contentType() {
			return header("Content-Type");
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

	public static Map<String, Object> map(Object... pairs) {
		java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], pairs[i + 1]);
		}
		return map;
	}

}
