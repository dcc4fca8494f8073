package dev.hitl.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * The agent's end of the webhooks: a loopback HTTP server that answers 204 at once and
 * records when each event arrived. The signature is not checked here; the service's
 * tests do that, the benchmark only times delivery.
 */
final class WebhookReceiver implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService threads = Executors.newFixedThreadPool(8);

	private final Arrivals arrivals = new Arrivals();

	WebhookReceiver(int port) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
		this.server.setExecutor(this.threads);
		this.server.createContext("/", (exchange) -> {
			long at = System.currentTimeMillis();
			try {
				byte[] body = exchange.getRequestBody().readAllBytes();
				String id = exchange.getRequestHeaders().getFirst("webhook-id");
				JsonNode event = Service.JSON.readTree(body);
				JsonNode data = event.path("data");
				long changed = data.hasNonNull("updated_at")
						? Instant.parse(data.get("updated_at").asText()).toEpochMilli() : 0;
				this.arrivals.add((id != null) ? id : data.path("id").asText() + event.path("type").asText(),
						new Arrivals.Arrival(at, data.path("id").asText(), event.path("type").asText(), changed));
				exchange.sendResponseHeaders(204, -1);
			}
			catch (RuntimeException ex) {
				exchange.sendResponseHeaders(400, -1);
			}
			finally {
				exchange.close();
			}
		});
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook";
	}

	Arrivals arrivals() {
		return this.arrivals;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
