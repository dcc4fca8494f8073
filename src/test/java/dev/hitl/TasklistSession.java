package dev.hitl;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Talks to the Camunda webapp's own REST API exactly as the Tasklist page does: a session
 * cookie from the webapp login and the XSRF token echoed in a header.
 */
public final class TasklistSession {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String ENGINE = "/camunda/api/engine/engine/default";

	private final CookieManager cookies;

	private final HttpClient client;

	private final String base;

	public TasklistSession(int port) {
		this(port, new CookieManager());
	}

	private TasklistSession(int port, CookieManager cookies) {
		this.cookies = cookies;
		this.client = HttpClient.newBuilder().cookieHandler(cookies).build();
		this.base = "http://localhost:" + port;
	}

	/** The same browser (cookies) talking to another node. */
	public TasklistSession onPort(int port) {
		return new TasklistSession(port, this.cookies);
	}

	/** The session cookie, or null when there is none. */
	public String sessionCookie() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals("SESSION") || cookie.getName().equals("JSESSIONID"))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	/** GETs a path of the engine's webapp API and returns the status. */
	public int engineStatus(String path) {
		return send(HttpRequest.newBuilder(uri(ENGINE + path)).header("Accept", "application/json").GET()).statusCode();
	}

	public int logout() {
		return send(withToken(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/logout")))
			.POST(HttpRequest.BodyPublishers.noBody())).statusCode();
	}

	public int login(String user, String password) {
		send(HttpRequest.newBuilder(uri("/camunda/app/tasklist/default/")).GET());
		String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(password, StandardCharsets.UTF_8);
		return send(withToken(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/tasklist")))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))).statusCode();
	}

	public JsonNode engineGet(String path) {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(uri(ENGINE + path)).header("Accept", "application/json").GET());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(response.statusCode() + " " + response.body());
		}
		return read(response.body());
	}

	/** GETs a path of the webapps' admin API, e.g. {@code /auth/user/default}. */
	public JsonNode adminGet(String path) {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(uri("/camunda/api/admin" + path)).header("Accept", "application/json").GET());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(response.statusCode() + " " + response.body());
		}
		return read(response.body());
	}

	public HttpResponse<String> enginePost(String path, Object body) {
		try {
			return send(withToken(HttpRequest.newBuilder(uri(ENGINE + path))).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpRequest.Builder withToken(HttpRequest.Builder request) {
		for (HttpCookie cookie : this.cookies.getCookieStore().getCookies()) {
			if (cookie.getName().equals("XSRF-TOKEN")) {
				request.header("X-XSRF-TOKEN", cookie.getValue());
			}
		}
		return request;
	}

	private URI uri(String path) {
		return URI.create(this.base + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode read(String body) {
		try {
			return JSON.readTree(body);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
