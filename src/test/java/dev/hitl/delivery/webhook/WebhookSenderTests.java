package dev.hitl.delivery.webhook;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link WebhookSender} against a real HTTP server on loopback. */
class WebhookSenderTests {

	private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private final List<Map<String, List<String>>> received = new CopyOnWriteArrayList<>();

	private final List<String> bodies = new CopyOnWriteArrayList<>();

	private final AtomicReference<Responder> responder = new AtomicReference<>();

	private HttpServer server;

	private WebhookSender sender;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		this.server.createContext("/", (exchange) -> {
			this.received.add(Map.copyOf(exchange.getRequestHeaders()));
			this.bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			this.responder.get().respond(exchange);
			exchange.close();
		});
		this.server.start();
		WebhookSettings settings = new WebhookSettings(true, List.of(Duration.ofSeconds(1)), Duration.ofSeconds(1),
				Duration.ofSeconds(1), 1);
		this.sender = new WebhookSender(new CallbackUrlPolicy(settings, new NameResolver()), settings,
				Clock.systemUTC());
	}

	@AfterEach
	void stop() throws IOException {
		this.sender.destroy();
		this.server.stop(0);
	}

	private String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook";
	}

	@Test
	void deliversASignatureTheStandardWebhooksLibraryAccepts() throws Exception {
		this.responder.set((exchange) -> exchange.sendResponseHeaders(204, -1));
		String body = "{\"type\":\"consultation.responded\",\"data\":{\"id\":\"x\"}}";
		WebhookSender.Outcome outcome = this.sender.send(url(), "msg_abc", body.getBytes(StandardCharsets.UTF_8),
				SECRET);
		assertThat(outcome.delivered()).isTrue();
		Map<String, List<String>> headers = lowerCase(this.received.get(0));
		assertThat(headers.get("webhook-id")).containsExactly("msg_abc");
		assertThat(this.bodies.get(0)).isEqualTo(body);
		new Webhook(SECRET).verify(this.bodies.get(0), headers);
	}

	@Test
	void onlyTwoHundredsCount() {
		this.responder.set((exchange) -> {
			byte[] reply = "internal trouble".getBytes();
			exchange.sendResponseHeaders(500, reply.length);
			exchange.getResponseBody().write(reply);
		});
		WebhookSender.Outcome outcome = this.sender.send(url(), "msg_abc", "{}".getBytes(), SECRET);
		assertThat(outcome.delivered()).isFalse();
		assertThat(outcome.permanent()).isFalse();
		assertThat(outcome.error()).isEqualTo("HTTP 500: internal trouble");
	}

	@Test
	void goneStopsRetrying() {
		this.responder.set((exchange) -> exchange.sendResponseHeaders(410, -1));
		WebhookSender.Outcome outcome = this.sender.send(url(), "msg_abc", "{}".getBytes(), SECRET);
		assertThat(outcome.permanent()).isTrue();
	}

	@Test
	void retryAfterIsReported() {
		this.responder.set((exchange) -> {
			exchange.getResponseHeaders().add("Retry-After", "120");
			exchange.sendResponseHeaders(429, -1);
		});
		assertThat(this.sender.send(url(), "msg_abc", "{}".getBytes(), SECRET).retryAfter())
			.isEqualTo(Duration.ofSeconds(120));
	}

	@Test
	void aBodyOverTheBoundIsNeverSent() {
		this.responder.set((exchange) -> exchange.sendResponseHeaders(204, -1));
		WebhookSender.Outcome outcome = this.sender.send(url(), "msg_abc", new byte[WebhookSender.MAX_BODY_BYTES + 1],
				SECRET);
		assertThat(outcome.delivered()).isFalse();
		assertThat(outcome.permanent()).isTrue();
		assertThat(this.received).isEmpty();
	}

	@Test
	void anOutOfRangeRetryAfterIsReadWithoutFailingTheAttempt() {
		this.responder.set((exchange) -> {
			exchange.getResponseHeaders().add("Retry-After", Long.toString(Long.MAX_VALUE));
			exchange.sendResponseHeaders(503, -1);
		});
		WebhookSender.Outcome outcome = this.sender.send(url(), "msg_abc", "{}".getBytes(), SECRET);
		assertThat(outcome.delivered()).isFalse();
		assertThat(outcome.retryAfter()).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
		this.responder.set((exchange) -> {
			exchange.getResponseHeaders().add("Retry-After", "99999999999999999999999");
			exchange.sendResponseHeaders(503, -1);
		});
		assertThat(this.sender.send(url(), "msg_abc", "{}".getBytes(), SECRET).retryAfter()).isNull();
	}

	@Test
	void aSlowReceiverIsCutOffAtTheTimeout() {
		this.responder.set((exchange) -> {
			try {
				Thread.sleep(3000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.sendResponseHeaders(200, -1);
		});
		assertCutOff();
	}

	@Test
	void aDripFeedingReceiverIsCutOffAtTheTimeoutToo() {
		this.responder.set((exchange) -> {
			exchange.sendResponseHeaders(500, 0);
			OutputStream out = exchange.getResponseBody();
			try {
				for (int i = 0; i < 40; i++) {
					out.write('x');
					out.flush();
					Thread.sleep(100);
				}
			}
			catch (InterruptedException | IOException ex) {
				// the client went away, as it should
			}
		});
		assertCutOff();
	}

	private void assertCutOff() {
		long started = System.nanoTime();
		WebhookSender.Outcome outcome = this.sender.send(url(), "msg_abc", "{}".getBytes(), SECRET);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(outcome.delivered()).isFalse();
		assertThat(outcome.error()).startsWith("Timed out");
		assertThat(took).isLessThan(Duration.ofMillis(2500));
	}

	@Test
	void aHugeErrorBodyIsReadOnlyInPart() {
		this.responder.set((exchange) -> {
			exchange.sendResponseHeaders(503, 0);
			byte[] chunk = "y".repeat(64 * 1024).getBytes();
			try {
				for (int i = 0; i < 16; i++) {
					exchange.getResponseBody().write(chunk);
				}
			}
			catch (IOException ex) {
				// the client stopped reading, as it should
			}
		});
		WebhookSender.Outcome outcome = this.sender.send(url(), "msg_abc", "{}".getBytes(), SECRET);
		assertThat(outcome.error().length()).isLessThan(2100);
	}

	private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
		Map<String, List<String>> lower = new java.util.HashMap<>();
		headers.forEach((name, values) -> lower.put(name.toLowerCase(), values));
		return lower;
	}

	interface Responder {

		void respond(HttpExchange exchange) throws IOException;

	}

}
