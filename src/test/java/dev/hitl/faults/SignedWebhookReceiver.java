package dev.hitl.faults;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;

/**
 * An agent's webhook receiver on loopback, as a real one should be written: it verifies
 * the Standard Webhooks signature with the agent's secret (a request that fails it counts
 * and gets 401), answers 200, and deduplicates on {@code webhook-id}. It can go down (the
 * port stops listening) and come back on the same port.
 */
final class SignedWebhookReceiver implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Webhook verifier;

	private final int port;

	private final ExecutorService threads = Executors.newFixedThreadPool(8);

	/** Every verified delivery, resends included. */
	private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

	private final AtomicInteger badSignatures = new AtomicInteger();

	private volatile HttpServer server;

	SignedWebhookReceiver(String webhookSecret) throws IOException {
		try {
			this.verifier = new Webhook(webhookSecret);
		}
		catch (Exception ex) {
			throw new IllegalArgumentException("Not a webhook secret", ex);
		}
		this.server = listen(0);
		this.port = this.server.getAddress().getPort();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	synchronized void stop() {
		this.server.stop(0);
	}

	synchronized void restart() throws IOException {
		this.server = listen(this.port);
	}

	List<Delivery> deliveries() {
		return List.copyOf(this.deliveries);
	}

	int badSignatures() {
		return this.badSignatures.get();
	}

	/** Distinct {@code webhook-id}s per consultation id and event type. */
	Map<String, Set<String>> eventIds() {
		return this.deliveries.stream()
			.collect(Collectors.groupingBy((delivery) -> delivery.consultationId() + " " + delivery.type(),
					Collectors.mapping(Delivery::webhookId, Collectors.toSet())));
	}

	/** Deliveries of an event after its first (at-least-once resends). */
	long resends() {
		return this.deliveries.size() - this.deliveries.stream().map(Delivery::webhookId).distinct().count();
	}

	@Override
	public void close() {
		stop();
		this.threads.shutdownNow();
	}

	private HttpServer listen(int port) throws IOException {
		HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
		created.setExecutor(this.threads);
		created.createContext("/", (exchange) -> {
			try (exchange) {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				Map<String, List<String>> headers = new HashMap<>();
				exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values));
				try {
					this.verifier.verify(body, headers);
				}
				catch (Exception ex) {
					this.badSignatures.incrementAndGet();
					exchange.sendResponseHeaders(401, -1);
					return;
				}
				JsonNode payload = JSON.readTree(body);
				this.deliveries.add(new Delivery(headers.get("webhook-id").get(0), payload.get("type").asText(),
						payload.get("data").get("id").asText(), payload.get("data").get("state").asText()));
				exchange.sendResponseHeaders(200, -1);
			}
		});
		created.start();
		return created;
	}

	record Delivery(String webhookId, String type, String consultationId, String state) {
	}

}
