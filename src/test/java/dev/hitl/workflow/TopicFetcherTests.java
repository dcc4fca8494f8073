package dev.hitl.workflow;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The workers against a real HTTP server that speaks the engine REST API's external task
 * routes (fetch and lock with long polling, complete, failure): one fetch per topic at a
 * time, sized to the idle senders, no fetch while all are busy, no task waiting locally,
 * failures reported as before, and a stop that lets the task in hand finish.
 */
class TopicFetcherTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private FakeEngine engine;

	private ExternalTaskWorkers workers;

	@BeforeEach
	void startEngine() throws IOException {
		this.engine = new FakeEngine();
		this.workers = new ExternalTaskWorkers(null);
	}

	@AfterEach
	void stopAll() {
		this.workers.stop();
		this.engine.close();
	}

	@Test
	void oneFetchAtATimeAsksOnlyForIdleSendersAndNoTaskWaitsLocally() {
		BlockingWorker worker = new BlockingWorker("deliverWebhook", 3);
		this.workers.start(this.engine.url(), () -> "Bearer test", List.of(worker), Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.engine.openFetches.get() == 1);
		assertThat(this.engine.fetchSizes).startsWith(3);

		this.engine.add("deliverWebhook", 5);
		await().atMost(Duration.ofSeconds(20)).until(() -> worker.working.get() == 3);
		// All three busy: no fetch is waiting at the engine, so a new task wakes none
		// for this topic, and the two tasks left stay unlocked for any node.
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.engine.openFetches.get() == 0 && this.engine.waiting("deliverWebhook") == 2);

		worker.proceed.release(1);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.engine.completed.size() == 1);
		await().atMost(Duration.ofSeconds(20)).until(() -> worker.working.get() == 3);
		assertThat(this.engine.lastFetchSize()).as("the fetch after one sender finished").isEqualTo(1);

		worker.proceed.release(10);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.engine.completed.size() == 5);
		assertThat(this.engine.completed).doesNotHaveDuplicates();
		assertThat(this.engine.maxOpenFetches.get()).isEqualTo(1);
		assertThat(worker.maxWorking.get()).isEqualTo(3);
		// Every fetched task started at once: none waited behind a busy sender.
		for (String task : this.engine.completed) {
			assertThat(worker.startedAt.get(task) - this.engine.fetchedAt.get(task)).as("task %s waited locally", task)
				.isLessThan(TimeUnit.SECONDS.toNanos(2));
		}
		// Idle again: one fetch waits, for all three senders.
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.engine.openFetches.get() == 1 && this.engine.lastFetchSize() == 3);
	}

	@Test
	void eachTopicHasOneFetchWaitingWhateverItsConcurrency() {
		BlockingWorker webhooks = new BlockingWorker("deliverWebhook", 4);
		BlockingWorker emails = new BlockingWorker("sendEmail", 2);
		this.workers.start(this.engine.url(), () -> "Bearer test", List.of(webhooks, emails), Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.engine.openFetches.get() == 2);
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.engine.openFetches.get() == 2);
		assertThat(this.engine.fetchTopics).containsExactlyInAnyOrder("deliverWebhook", "sendEmail");
		assertThat(this.engine.authorizations).containsOnly("Bearer test");
	}

	@Test
	void aWorkerThatThrowsReportsAFailureWithARetryAsBefore() {
		TopicWorker failing = new TopicWorker() {

			@Override
			public String topic() {
				return "sendEmail";
			}

			@Override
			public List<String> variables() {
				return List.of("consultationId");
			}

			@Override
			public Duration lockDuration() {
				return Duration.ofMinutes(2);
			}

			@Override
			public int concurrency() {
				return 2;
			}

			@Override
			public WorkResult work(WorkItem item) {
				throw new IllegalStateException("mail server on fire for " + item.variable("consultationId"));
			}

		};
		this.workers.start(this.engine.url(), () -> "Bearer test", List.of(failing), Duration.ofSeconds(5));
		this.engine.add("sendEmail", 1);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.engine.failures.size() == 1);
		JsonNode failure = this.engine.failures.get(0);
		assertThat(failure.get("retries").asInt()).isEqualTo(3);
		assertThat(failure.get("retryTimeout").asLong()).isEqualTo(30_000);
		assertThat(failure.get("errorMessage").asText())
			.isEqualTo("IllegalStateException: mail server on fire for consultation-1");
		assertThat(this.engine.completed).isEmpty();
	}

	@Test
	void stopLetsTheTaskInHandFinishAndFetchesNoMore() throws InterruptedException {
		BlockingWorker worker = new BlockingWorker("deliverWebhook", 2);
		this.workers.start(this.engine.url(), () -> "Bearer test", List.of(worker), Duration.ofSeconds(5));
		this.engine.add("deliverWebhook", 1);
		await().atMost(Duration.ofSeconds(20)).until(() -> worker.working.get() == 1);
		Thread stopping = new Thread(this.workers::stop);
		stopping.start();
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(stopping::isAlive);
		worker.proceed.release();
		stopping.join(Duration.ofSeconds(20).toMillis());
		assertThat(stopping.isAlive()).isFalse();
		assertThat(this.engine.completed).hasSize(1);
		int fetches = this.engine.fetchSizes.size();
		this.engine.add("deliverWebhook", 1);
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.engine.openFetches.get() == 0 && this.engine.fetchSizes.size() == fetches);
		assertThat(this.engine.waiting("deliverWebhook")).isEqualTo(1);
	}

	@Test
	void sendersAreReservedForOneFetchAndReturnedWhenUnused() {
		TopicFetcher.Senders senders = new TopicFetcher.Senders(4, 4);
		senders.take();
		senders.returnUnused();
		assertThat(senders.idle()).isEqualTo(3);
		assertThat(senders.reserveIdle(() -> true, Integer.MAX_VALUE)).isEqualTo(3);
		assertThat(senders.idle()).isZero();
		senders.take();
		senders.release();
		senders.returnUnused();
		assertThat(senders.idle()).isEqualTo(3);
		assertThat(senders.reserved()).isZero();
		assertThat(senders.reserveIdle(() -> true, 1)).isEqualTo(1);
		assertThat(senders.idle()).isEqualTo(2);
		TopicFetcher.Senders busy = new TopicFetcher.Senders(1, 1);
		busy.take();
		busy.returnUnused();
		assertThat(busy.reserveIdle(() -> false, Integer.MAX_VALUE)).as("stopped while all busy").isZero();
	}

	/** Works until the test lets it go; counts what runs at once. */
	private static final class BlockingWorker implements TopicWorker {

		private final String topic;

		private final int concurrency;

		final Semaphore proceed = new Semaphore(0);

		final AtomicInteger working = new AtomicInteger();

		final AtomicInteger maxWorking = new AtomicInteger();

		final Map<String, Long> startedAt = new ConcurrentHashMap<>();

		BlockingWorker(String topic, int concurrency) {
			this.topic = topic;
			this.concurrency = concurrency;
		}

		@Override
		public String topic() {
			return this.topic;
		}

		@Override
		public List<String> variables() {
			return List.of("consultationId");
		}

		@Override
		public Duration lockDuration() {
			return Duration.ofMinutes(1);
		}

		@Override
		public int concurrency() {
			return this.concurrency;
		}

		@Override
		public WorkResult work(WorkItem item) {
			this.startedAt.put(item.taskId(), System.nanoTime());
			this.maxWorking.accumulateAndGet(this.working.incrementAndGet(), Math::max);
			try {
				if (!this.proceed.tryAcquire(30, TimeUnit.SECONDS)) {
					throw new IllegalStateException("never let go");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.working.decrementAndGet();
			}
			return WorkResult.completed();
		}

	}

	/**
	 * The engine REST API's external task routes on loopback: fetch and lock holds the
	 * request until a task of its topics is there or its asyncResponseTimeout passes.
	 */
	private static final class FakeEngine implements AutoCloseable {

		private final HttpServer server;

		private final ReentrantLock lock = new ReentrantLock();

		private final Condition added = this.lock.newCondition();

		private final Map<String, Deque<String>> tasks = new ConcurrentHashMap<>();

		private final AtomicInteger counter = new AtomicInteger();

		final AtomicInteger openFetches = new AtomicInteger();

		final AtomicInteger maxOpenFetches = new AtomicInteger();

		final List<Integer> fetchSizes = new CopyOnWriteArrayList<>();

		final List<String> fetchTopics = new CopyOnWriteArrayList<>();

		final List<String> authorizations = new CopyOnWriteArrayList<>();

		final Map<String, Long> fetchedAt = new ConcurrentHashMap<>();

		final List<String> completed = new CopyOnWriteArrayList<>();

		final List<JsonNode> failures = new CopyOnWriteArrayList<>();

		FakeEngine() throws IOException {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			this.server.setExecutor(Executors.newCachedThreadPool());
			this.server.createContext("/engine-rest/external-task/", this::serve);
			this.server.start();
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/engine-rest";
		}

		void add(String topic, int count) {
			this.lock.lock();
			try {
				Deque<String> queue = this.tasks.computeIfAbsent(topic, (key) -> new ArrayDeque<>());
				for (int i = 0; i < count; i++) {
					queue.add("task-" + this.counter.incrementAndGet());
				}
				this.added.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}

		int waiting(String topic) {
			this.lock.lock();
			try {
				return this.tasks.getOrDefault(topic, new ArrayDeque<>()).size();
			}
			finally {
				this.lock.unlock();
			}
		}

		int lastFetchSize() {
			return this.fetchSizes.isEmpty() ? 0 : this.fetchSizes.get(this.fetchSizes.size() - 1);
		}

		private void serve(HttpExchange exchange) throws IOException {
			try (exchange) {
				String path = exchange.getRequestURI().getPath();
				this.authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
				JsonNode body = JSON.readTree(exchange.getRequestBody());
				if (path.endsWith("/fetchAndLock")) {
					byte[] answer = JSON.writeValueAsBytes(fetch(body));
					exchange.getResponseHeaders().add("Content-Type", "application/json");
					exchange.sendResponseHeaders(200, answer.length);
					exchange.getResponseBody().write(answer);
					return;
				}
				String id = path.split("/")[3];
				if (path.endsWith("/complete")) {
					this.completed.add(id);
				}
				else if (path.endsWith("/failure")) {
					this.failures.add(body);
				}
				exchange.sendResponseHeaders(204, -1);
			}
		}

		private List<Map<String, Object>> fetch(JsonNode body) {
			int max = body.get("maxTasks").asInt();
			long timeout = body.path("asyncResponseTimeout").asLong(0);
			List<String> topics = new ArrayList<>();
			body.get("topics").forEach((topic) -> topics.add(topic.get("topicName").asText()));
			this.fetchTopics.addAll(topics);
			this.fetchSizes.add(max);
			this.maxOpenFetches.accumulateAndGet(this.openFetches.incrementAndGet(), Math::max);
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
			List<Map<String, Object>> locked = new ArrayList<>();
			this.lock.lock();
			try {
				while (true) {
					for (String topic : topics) {
						Deque<String> queue = this.tasks.getOrDefault(topic, new ArrayDeque<>());
						while (locked.size() < max && !queue.isEmpty()) {
							String id = queue.poll();
							this.fetchedAt.put(id, System.nanoTime());
							locked.add(Map.of("id", id, "topicName", topic, "workerId", body.get("workerId").asText(),
									"processInstanceId", "instance-" + id, "variables", Map.of("consultationId", Map
										.of("type", "String", "value", "consultation-1", "valueInfo", Map.of()))));
						}
					}
					long left = deadline - System.nanoTime();
					if (!locked.isEmpty() || left <= 0) {
						return locked;
					}
					this.added.awaitNanos(left);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return locked;
			}
			finally {
				this.lock.unlock();
				this.openFetches.decrementAndGet();
			}
		}

		@Override
		public void close() {
			this.lock.lock();
			try {
				this.added.signalAll();
			}
			finally {
				this.lock.unlock();
			}
			this.server.stop(0);
		}

	}

}
