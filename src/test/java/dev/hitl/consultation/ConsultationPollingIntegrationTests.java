package dev.hitl.consultation;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApplicationNode;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import dev.hitl.PostgresIntegrationTestSupport;
import dev.hitl.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Differential polling on PostgreSQL with two nodes (this test's, and the packaged jar in
 * a JVM of its own): an agent that follows {@code next_updated_after} sees every change,
 * although changes commit late, on either node, and come in bursts longer than a page.
 * Late commits are made by holding row locks through JDBC, so that a cancel on one node
 * and an answer on the other stamp their change and then wait, uncommitted, while other
 * changes commit and the agent polls on.
 */
class ConsultationPollingIntegrationTests extends PostgresIntegrationTestSupport {

	private static final int PAGE_SIZE = 5;

	private static ApplicationNode otherNode;

	@Autowired
	private ChangeClock changeClock;

	@Autowired
	private TransactionTemplate transaction;

	@BeforeAll
	static void startOtherNode() throws IOException {
		otherNode = ApplicationNode.start("polling-node", "--hitl.worker.enabled=false",
				"--spring.datasource.hikari.maximum-pool-size=6");
	}

	@AfterAll
	static void stopOtherNode() throws InterruptedException {
		if (otherNode != null) {
			otherNode.close();
		}
	}

	@Test
	void aPollerFollowingNextUpdatedAfterSeesEveryChangeThroughLateCommitsOnTwoNodes() throws Exception {
		String group = uniqueId("team");
		String reviewer = newReviewer(uniqueId("rev"), group);
		String agent = newAgent();
		List<HttpApi> nodes = List.of(api(), otherNode.api());
		Changes made = new Changes();
		Poller poller = new Poller(agent, nodes);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			ids.add(made.created(create(nodes.get(i % 2), agent, group, "Before " + i)));
			poller.poll();
		}

		// A cancel on the other node and an answer on this one stamp their change and
		// wait on the row locks held here, uncommitted, for several polls.
		String cancelled = ids.get(0);
		String answered = ids.get(1);
		List<Instant> cursorsWhileHeld = new ArrayList<>();
		CompletableFuture<Result> cancel;
		CompletableFuture<Result> answer;
		ExecutorService writers = Executors.newFixedThreadPool(4);
		try (Connection locks = lockRows(cancelled, answered)) {
			cancel = CompletableFuture.supplyAsync(
					() -> otherNode.api().post("/api/v1/consultations/" + cancelled + "/cancel", agent, ""), writers);
			answer = CompletableFuture.supplyAsync(() -> api().post("/api/v1/consultations/" + answered + "/respond",
					reviewer, map("decision", "approved")), writers);
			awaitWritersWaitingOnLocks(2);
			for (int i = 0; i < 8; i++) {
				ids.add(made.created(create(nodes.get(i % 2), agent, group, "While held " + i)));
				if (i == 3) {
					Result other = otherNode.api().post("/api/v1/consultations/" + ids.get(2) + "/cancel", agent, "");
					assertThat(other.status()).as(other.toString()).isEqualTo(200);
					made.add(other.json());
				}
				cursorsWhileHeld.add(poller.poll());
			}
			assertThat(cancel).isNotDone();
			assertThat(answer).isNotDone();
			locks.rollback();
		}
		Result cancelResult = cancel.get(30, TimeUnit.SECONDS);
		Result answerResult = answer.get(30, TimeUnit.SECONDS);
		assertThat(cancelResult.status()).as(cancelResult.toString()).isEqualTo(200);
		assertThat(answerResult.status()).as(answerResult.toString()).isEqualTo(200);
		Instant cancelledAt = Instant.parse(made.add(cancelResult.json()));
		Instant answeredAt = Instant.parse(made.add(answerResult.json()));
		// The poller was held back to before both late changes: still ahead of it.
		assertThat(cursorsWhileHeld)
			.allSatisfy((cursor) -> assertThat(cursor).isBeforeOrEqualTo(cancelledAt).isBeforeOrEqualTo(answeredAt));

		// A burst over both nodes, many pages long, while the poller keeps going.
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<List<JsonNode>>> bursts = new ArrayList<>();
		for (HttpApi node : nodes) {
			bursts.add(CompletableFuture.supplyAsync(() -> {
				awaitLatch(start);
				List<JsonNode> created = new ArrayList<>();
				for (int i = 0; i < 30; i++) {
					created.add(create(node, agent, group, "Burst " + i));
				}
				return created;
			}, writers));
		}
		start.countDown();
		while (!bursts.stream().allMatch(CompletableFuture::isDone)) {
			poller.poll();
		}
		for (CompletableFuture<List<JsonNode>> burst : bursts) {
			burst.get().forEach(made::add);
		}
		writers.shutdown();

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> poller.poll() != null && poller.hasSeen(made));
		for (String id : made.ids()) {
			JsonNode current = get(agent, id);
			assertThat(poller.lastSeen(id)).as(id).isEqualTo(current.get("updated_at").asText());
		}
		assertThat(poller.lastState(cancelled)).isEqualTo("cancelled");
		assertThat(poller.lastState(answered)).isEqualTo("responded");
		System.out.printf(
				"Polling over two nodes with late commits (page_size %d): %d changes made, %d versions seen, "
						+ "%d duplicates, %d polls (%d items returned)%n",
				PAGE_SIZE, made.count(), poller.versions(), poller.duplicates(), poller.polls(), poller.items());
	}

	/**
	 * The change clock itself: a transaction that stamped a change holds the settled
	 * instant back to its start until it ends, whoever else commits meanwhile.
	 */
	@Test
	void aTransactionThatStampedAChangeHoldsTheSettledInstantBackUntilItEnds() throws Exception {
		CountDownLatch stamped = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Map<String, Instant> stamps = new ConcurrentHashMap<>();
		CompletableFuture<Void> writer = CompletableFuture
			.runAsync(() -> this.transaction.executeWithoutResult((tx) -> {
				stamps.put("stamp", this.changeClock.now());
				stamped.countDown();
				awaitLatch(release);
			}));
		assertThat(stamped.await(10, TimeUnit.SECONDS)).isTrue();
		Instant stamp = stamps.get("stamp");
		for (int i = 0; i < 5; i++) {
			Instant later = this.transaction.execute((tx) -> this.changeClock.now());
			assertThat(later).isAfter(stamp);
			assertThat(this.changeClock.settled()).isBeforeOrEqualTo(stamp);
		}
		release.countDown();
		writer.get(10, TimeUnit.SECONDS);
		assertThat(this.changeClock.settled()).isAfter(stamp);
	}

	private static JsonNode create(HttpApi node, String agent, String group, String title) {
		Result created = node.post("/api/v1/consultations", agent,
				map("title", title, "reviewers", map("groups", List.of(group), "users", List.of())));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	/**
	 * Row locks on the consultations, held until the connection rolls back: their next
	 * writers stamp the change and then wait.
	 */
	private static Connection lockRows(String... ids) throws SQLException {
		PostgresTestDatabase.Credentials database = PostgresTestDatabase.get();
		Connection connection = DriverManager.getConnection(database.url(), database.username(), database.password());
		connection.setAutoCommit(false);
		try (PreparedStatement lock = connection
			.prepareStatement("select id from consultation where id = ? for update")) {
			for (String id : ids) {
				lock.setObject(1, UUID.fromString(id));
				lock.executeQuery().close();
			}
		}
		return connection;
	}

	private void awaitWritersWaitingOnLocks(int count) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from pg_stat_activity where datname = "
							+ "current_database() and wait_event_type = 'Lock' and query like '%consultation%'",
					Long.class) == count);
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Every change the test made: the consultation's id and its {@code updated_at}. */
	private static final class Changes {

		private final Map<String, List<String>> byId = new HashMap<>();

		/**
		 * @return its id
		 */
		String created(JsonNode consultation) {
			add(consultation);
			return consultation.get("id").asText();
		}

		/**
		 * @return the change's {@code updated_at}
		 */
		String add(JsonNode consultation) {
			String updatedAt = consultation.get("updated_at").asText();
			this.byId.computeIfAbsent(consultation.get("id").asText(), (id) -> new ArrayList<>()).add(updatedAt);
			return updatedAt;
		}

		Set<String> ids() {
			return this.byId.keySet();
		}

		int count() {
			return this.byId.values().stream().mapToInt(List::size).sum();
		}

	}

	/**
	 * An agent as docs/agents.md tells it: start from the epoch, send
	 * {@code next_updated_after} each time, deduplicate on id and {@code updated_at}; it
	 * asks the two nodes in turn.
	 */
	private static final class Poller {

		private final String agent;

		private final List<HttpApi> nodes;

		private final Set<String> versions = new HashSet<>();

		private final Map<String, JsonNode> last = new HashMap<>();

		private String cursor = "1970-01-01T00:00:00Z";

		private int polls;

		private int items;

		private int duplicates;

		Poller(String agent, List<HttpApi> nodes) {
			this.agent = agent;
			this.nodes = nodes;
		}

		/**
		 * @return the cursor to send next
		 */
		Instant poll() {
			HttpApi node = this.nodes.get(this.polls++ % this.nodes.size());
			Result page = node.get("/api/v1/consultations?page_size=" + PAGE_SIZE + "&updated_after="
					+ URLEncoder.encode(this.cursor, StandardCharsets.UTF_8), this.agent);
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			for (JsonNode item : page.json().get("items")) {
				this.items++;
				String id = item.get("id").asText();
				String updatedAt = item.get("updated_at").asText();
				if (!this.versions.add(id + "@" + updatedAt)) {
					this.duplicates++;
				}
				JsonNode previous = this.last.get(id);
				if (previous == null
						|| Instant.parse(updatedAt).isAfter(Instant.parse(previous.get("updated_at").asText()))) {
					this.last.put(id, item);
				}
			}
			String next = page.json().get("next_updated_after").asText();
			assertThat(Instant.parse(next)).as("the cursor never goes back")
				.isAfterOrEqualTo(Instant.parse(this.cursor));
			this.cursor = next;
			return Instant.parse(next);
		}

		/** Every change made, or a later one of the same consultation, was seen. */
		boolean hasSeen(Changes made) {
			return made.byId.entrySet()
				.stream()
				.allMatch((change) -> this.last.containsKey(change.getKey()) && change.getValue()
					.stream()
					.allMatch((at) -> !Instant.parse(lastSeen(change.getKey())).isBefore(Instant.parse(at))));
		}

		String lastSeen(String id) {
			return this.last.get(id).get("updated_at").asText();
		}

		String lastState(String id) {
			return this.last.get(id).get("state").asText();
		}

		int versions() {
			return this.versions.size();
		}

		int duplicates() {
			return this.duplicates;
		}

		int polls() {
			return this.polls;
		}

		int items() {
			return this.items;
		}

	}

}
