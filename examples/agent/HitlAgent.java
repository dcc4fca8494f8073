import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * An agent that asks a human through HITL Orchestrator with nothing but Java 17: it
 * creates a consultation (safely retried with an Idempotency-Key), waits for the answer
 * with the long poll ({@code ?wait=50}), and receives the signed webhook, verifying its
 * signature. Run it with {@code java HitlAgent.java} (no build step); settings from the
 * environment:
 *
 * <pre>
 * HITL_URL              base URL of the service (default http://localhost:8080)
 * HITL_API_KEY          hitl_... key of the agent
 * HITL_WEBHOOK_SECRET   whsec_... secret shown with the key
 * HITL_CALLBACK_HOST    host the service reaches this agent at (default 127.0.0.1)
 * </pre>
 *
 * A real agent would use a JSON library; this one picks the few fields it needs out of the
 * responses with patterns to stay dependency-free.
 */
public class HitlAgent {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	public static void main(String[] args) throws Exception {
		String base = env("HITL_URL", "http://localhost:8080");
		String key = env("HITL_API_KEY", null);
		String secret = env("HITL_WEBHOOK_SECRET", null);
		CompletableFuture<String> webhook = new CompletableFuture<>();
		HttpServer receiver = webhookReceiver(secret, webhook);
		String callback = "http://" + env("HITL_CALLBACK_HOST", "127.0.0.1") + ":"
				+ receiver.getAddress().getPort() + "/hitl/webhook";
		try {
			String question = """
					{"title": "Refund order 1042 for 89 EUR?", "response_type": "approval",
					 "context": {"order": 1042, "amount_eur": 89}, "priority": "high", "timeout": "PT1H",
					 "external_ref": "order-1042", "callback_url": "%s"}""".formatted(callback);
			String consultation = ask(base, key, question, "refund-1042-" + UUID.randomUUID());
			String id = field(consultation, "id");
			System.out.println("asked " + id);
			while ("pending".equals(field(consultation, "state"))) {
				consultation = waitForChange(base, key, id);
			}
			System.out.println("outcome " + field(consultation, "state") + " " + field(consultation, "decision"));
			System.out.println("webhook " + webhook.get(90, TimeUnit.SECONDS) + " verified");
		}
		finally {
			receiver.stop(0);
		}
	}

	/** Retried on network errors, 409 (in flight), 429 and 5xx with the same key and body. */
	static String ask(String base, String key, String body, String idempotencyKey) throws Exception {
		for (int attempt = 1;; attempt++) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/consultations"))
				.header("Authorization", "Bearer " + key)
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", idempotencyKey)
				.timeout(Duration.ofSeconds(30))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			try {
				HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
				int status = response.statusCode();
				if (status == 200 || status == 201) {
					return response.body();
				}
				if (status != 409 && status != 429 && status < 500 || attempt == 5) {
					throw new IllegalStateException("Creating failed: " + status + " " + response.body());
				}
				long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(attempt);
				Thread.sleep(TimeUnit.SECONDS.toMillis(Math.min(retryAfter, 30)));
			}
			catch (IOException ex) {
				if (attempt == 5) {
					throw ex;
				}
				Thread.sleep(TimeUnit.SECONDS.toMillis(attempt));
			}
		}
	}

	/** One long poll: returns when it changed or after 50 s (still pending). */
	static String waitForChange(String base, String key, String id) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/consultations/" + id + "?wait=50"))
			.header("Authorization", "Bearer " + key)
			.timeout(Duration.ofSeconds(70))
			.GET()
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() == 429) {
			Thread.sleep(1000);
			return "{\"state\": \"pending\"}";
		}
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Reading failed: " + response.statusCode() + " " + response.body());
		}
		return response.body();
	}

	static HttpServer webhookReceiver(String secret, CompletableFuture<String> received) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(0), 0);
		server.createContext("/hitl/webhook", (exchange) -> {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			String id = exchange.getRequestHeaders().getFirst("webhook-id");
			String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
			String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
			boolean valid;
			try {
				valid = id != null && timestamp != null && signature != null
						&& verify(secret, id, timestamp, signature, body);
			}
			catch (GeneralSecurityException | RuntimeException ex) {
				valid = false;
			}
			exchange.sendResponseHeaders(valid ? 204 : 401, -1);
			exchange.close();
			if (valid) {
				received.complete(field(new String(body, StandardCharsets.UTF_8), "type"));
			}
		});
		server.start();
		return server;
	}

	/** Standard Webhooks v1: HMAC-SHA256 over id.timestamp.body, at most 5 minutes old. */
	static boolean verify(String secret, String id, String timestamp, String signatures, byte[] body)
			throws GeneralSecurityException {
		if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
			return false;
		}
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
		mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
		byte[] expected = mac.doFinal(body);
		for (String signature : signatures.split(" ")) {
			if (signature.startsWith("v1,")
					&& MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
				return true;
			}
		}
		return false;
	}

	/** The first string value of {@code name} in a JSON text, or null. */
	static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
		return matcher.find() ? matcher.group(1) : null;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		if (value == null || value.isBlank()) {
			if (fallback == null) {
				throw new IllegalArgumentException(name + " is not set");
			}
			return fallback;
		}
		return value;
	}

}
