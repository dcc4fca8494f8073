package dev.hitl.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on loopback for webhook tests. Each path behaves as told: answer a
 * status, fail the first N requests, or stall; every request is recorded.
 */
public final class WebhookReceiver implements AutoCloseable {

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	private final Map<String, Integer> maxInFlight = new ConcurrentHashMap<>();

	public WebhookReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/", (exchange) -> {
			String path = exchange.getRequestURI().getPath();
			Map<String, List<String>> headers = new HashMap<>();
			exchange.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			AtomicInteger concurrent = this.inFlight.computeIfAbsent(path, (key) -> new AtomicInteger());
			int now = concurrent.incrementAndGet();
			this.maxInFlight.merge(path, now, Math::max);
			this.requests.add(new Request(path, headers, body, Instant.now()));
			try {
				Behaviour behaviour = this.behaviours.getOrDefault(path, Behaviour.answer(200));
				int seen = (int) this.requests.stream().filter((request) -> request.path().equals(path)).count();
				if (seen <= behaviour.stallFirst()) {
					sleep(behaviour.stallMillis());
				}
				int status = (seen <= behaviour.failFirst()) ? behaviour.failStatus() : behaviour.status();
				exchange.sendResponseHeaders(status, -1);
			}
			finally {
				concurrent.decrementAndGet();
				exchange.close();
			}
		});
		this.server.start();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	public void behave(String path, Behaviour behaviour) {
		this.behaviours.put(path, behaviour);
	}

	public List<Request> requests(String path) {
		return this.requests.stream().filter((request) -> request.path().equals(path)).toList();
	}

	public int maxInFlight(String path) {
		return this.maxInFlight.getOrDefault(path, 0);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public record Request(String path, Map<String, List<String>> headers, String body, Instant at) {

		public String header(String name) {
			List<String> values = this.headers.get(name);
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

	}

	public record Behaviour(int status, int failFirst, int failStatus, int stallFirst, long stallMillis) {

		public static Behaviour answer(int status) {
			return new Behaviour(status, 0, 500, 0, 0);
		}

		public static Behaviour failFirst(int count) {
			return new Behaviour(200, count, 503, 0, 0);
		}

		public static Behaviour stallFirst(int count, long millis) {
			return new Behaviour(200, 0, 500, count, millis);
		}

	}

}
