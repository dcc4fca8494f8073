package dev.hitl.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import dev.hitl.TestMailServer;
import dev.hitl.faults.FaultCluster.Stored;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's fault promises, proved on two API nodes and a worker-only node of the
 * packaged jar (each its own JVM) sharing one PostgreSQL database: kill -9 of nodes under
 * traffic, answers racing their timeouts across nodes, a database outage, SMTP and
 * webhook receiver outages, start-up times. Each scenario prints its figures (lines
 * starting {@code FAULTS}) and the class ends with their table. The scenarios share one
 * cluster and run in order, so the suite stays within minutes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIntegrationTests {

	private static final Set<String> TERMINAL = Set.of("consultation.responded", "consultation.timed_out",
			"consultation.cancelled");

	private static FaultCluster cluster;

	@BeforeAll
	static void startCluster() throws Exception {
		cluster = new FaultCluster();
		long started = System.nanoTime();
		cluster.start();
		FaultReport.row("Start-up, together", "a, b and worker w launched at once on an empty database", 3, 3, 0, 0, 0,
				"all ready " + seconds(Duration.ofNanos(System.nanoTime() - started)) + " (a "
						+ seconds(cluster.startUps.get("faults-a")) + ", b " + seconds(cluster.startUps.get("faults-b"))
						+ ", w " + seconds(cluster.startUps.get("faults-w")) + ")");
	}

	@AfterAll
	static void stopCluster() throws Exception {
		FaultReport.print();
		if (cluster != null) {
			cluster.close();
		}
	}

	/** R2: two reviewers answer on different nodes at the due time of the timeout. */
	@Test
	@Order(1)
	void answersRacingTheirTimeoutsAcrossNodesEndEachConsultationOnce() throws Exception {
		int consultations = 500;
		List<HttpApi> apis = List.of(cluster.api("a"), cluster.api("b"));
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(32);
		ExecutorService creators = Executors.newFixedThreadPool(3);
		Map<UUID, List<Future<Result>>> answers = new ConcurrentHashMap<>();
		AtomicInteger overloaded = new AtomicInteger();
		long started = System.nanoTime();
		try {
			List<Future<?>> creations = new ArrayList<>();
			for (int i = 0; i < consultations; i++) {
				int n = i;
				creations.add(creators.submit(() -> {
					String target = (n % 2 == 0) ? "a" : "b";
					Result created = post(target, "/api/v1/consultations", cluster.agent,
							cluster.body("Race " + n, "PT5S", "r2-" + n, FaultCluster.RACE_GROUP), "Idempotency-Key",
							"r2-" + n);
					if (created == null || created.status() == 503) {
						// Overloaded for a moment (no connection within 2.5 s): an agent
						// retries.
						overloaded.incrementAndGet();
						created = retryOn(target, "r2-" + n,
								cluster.body("Race " + n, "PT5S", "r2-" + n, FaultCluster.RACE_GROUP));
					}
					assertThat(created.status()).as(created.toString()).isIn(200, 201);
					UUID id = UUID.fromString(created.json().get("id").asText());
					Instant due = Instant.parse(created.json().get("expires_at").asText());
					long delay = Duration.between(Instant.now(), due).toMillis()
							+ ThreadLocalRandom.current().nextLong(1500);
					CountDownLatch both = new CountDownLatch(2);
					List<Future<Result>> pair = new ArrayList<>();
					for (int r = 0; r < 2; r++) {
						HttpApi node = apis.get(r);
						String reviewer = cluster.racers.get(r);
						pair.add(scheduler.schedule(() -> {
							both.countDown();
							both.await(10, TimeUnit.SECONDS);
							Result answer = node.post("/api/v1/consultations/" + id + "/respond", reviewer,
									map("decision", "approved"));
							for (int retry = 0; retry < 5 && answer.status() == 503; retry++) {
								// No connection within 2.5 s on this loaded host: a
								// client retries.
								overloaded.incrementAndGet();
								answer = node.post("/api/v1/consultations/" + id + "/respond", reviewer,
										map("decision", "approved"));
							}
							return answer;
						}, Math.max(0, delay), TimeUnit.MILLISECONDS));
					}
					answers.put(id, pair);
					return null;
				}));
			}
			for (Future<?> creation : creations) {
				creation.get(5, TimeUnit.MINUTES);
			}
			int ok = 0;
			int conflicts = 0;
			int badRequests = 0;
			int serverErrors = 0;
			int doubleWinners = 0;
			Map<UUID, Boolean> answered = new HashMap<>();
			for (Map.Entry<UUID, List<Future<Result>>> race : answers.entrySet()) {
				int winners = 0;
				for (Future<Result> answer : race.getValue()) {
					Result result = answer.get(5, TimeUnit.MINUTES);
					if (result.status() == 200) {
						ok++;
						winners++;
					}
					else if (result.status() == 409) {
						conflicts++;
						assertThat(result.contentType()).startsWith("application/problem+json");
					}
					else if (result.status() >= 500) {
						serverErrors++;
						System.out.println("FAULTS R2 answer " + result);
					}
					else {
						badRequests++;
						System.out.println("FAULTS R2 answer " + result);
					}
				}
				doubleWinners += (winners > 1) ? 1 : 0;
				answered.put(race.getKey(), winners > 0);
			}
			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofSeconds(2))
				.until(() -> cluster.stored(answered.keySet()).values().stream().allMatch(Stored::terminal)
						&& terminalWebhooks(answered.keySet()).size() == answered.size());
			Map<UUID, Stored> stored = cluster.stored(answered.keySet());
			long doubleOutcomes = stored.values().stream().filter((s) -> s.ends() != 1).count();
			long wrongOutcome = answered.entrySet()
				.stream()
				.filter((e) -> !stored.get(e.getKey()).state().equals(e.getValue() ? "responded" : "timed_out"))
				.count();
			long timedOut = stored.values().stream().filter((s) -> s.state().equals("timed_out")).count();
			FaultReport.row("R2",
					consultations + " PT5S consultations, 2 answers each at due time + 0-1.5 s on a and b (" + ok
							+ " won, " + conflicts + " got 409, " + timedOut + " timed out)",
					2L * consultations, ok, 0, doubleOutcomes + doubleWinners + wrongOutcome, serverErrors,
					"all ended and delivered " + seconds(Duration.ofNanos(System.nanoTime() - started))
							+ " after the first creation");
			assertThat(serverErrors).as("answers 5xx").isZero();
			assertThat(badRequests).as("answers neither 200, 409 nor 5xx").isZero();
			assertThat(doubleWinners).as("consultations with two winning answers").isZero();
			assertThat(doubleOutcomes).as("consultations not ended exactly once").isZero();
			assertThat(wrongOutcome).as("consultations whose state differs from the answers' results").isZero();
			assertOneWebhookPerEnd(answered.keySet());
		}
		finally {
			scheduler.shutdownNow();
			creators.shutdownNow();
		}
	}

	/**
	 * R1 and R5: creations with an Idempotency-Key on both API nodes, answers and PT10S
	 * timeouts, while node a and then the worker-only node w are killed -9. A creation
	 * that fails on a is retried with the same key on b, as an agent would.
	 */
	@Test
	@Order(2)
	void killingNodesUnderTrafficLosesAndDoublesNothing() throws Exception {
		Duration traffic = Duration.ofSeconds(30);
		ExecutorService clients = Executors.newFixedThreadPool(6);
		ScheduledExecutorService answerers = Executors.newScheduledThreadPool(8);
		Map<String, UUID> acknowledged = new ConcurrentHashMap<>();
		Set<String> retriedAfterKill = ConcurrentHashMap.newKeySet();
		Set<String> unacknowledged = ConcurrentHashMap.newKeySet();
		List<Future<Integer>> answerResults = new CopyOnWriteArrayList<>();
		AtomicInteger serverErrors = new AtomicInteger();
		AtomicInteger sequence = new AtomicInteger();
		long start = System.nanoTime();
		long end = start + traffic.toNanos();
		try {
			for (int c = 0; c < 6; c++) {
				clients.submit(() -> {
					while (System.nanoTime() < end) {
						int n = sequence.getAndIncrement();
						String key = "r1-" + n;
						String first = (n % 2 == 0) ? "a" : "b";
						Result result = post(first, "/api/v1/consultations", cluster.agent,
								cluster.body("Kill " + n, "PT10S", key), "Idempotency-Key", key);
						if (result != null && result.status() >= 500) {
							serverErrors.incrementAndGet();
						}
						if (result == null || result.status() >= 500 || result.status() == 409) {
							retriedAfterKill.add(key);
							result = retryOn("b", key, cluster.body("Kill " + n, "PT10S", key));
						}
						if (result == null || result.status() >= 300) {
							FaultReport.note("R1", key + " not acknowledged: " + result);
							unacknowledged.add(key);
							continue;
						}
						UUID id = UUID.fromString(result.json().get("id").asText());
						acknowledged.put(key, id);
						if (n % 2 == 0) {
							int reviewer = n % 4 / 2;
							answerResults.add(answerers.schedule(() -> answer(id, reviewer),
									ThreadLocalRandom.current().nextLong(1000, 8000), TimeUnit.MILLISECONDS));
						}
					}
					return null;
				});
			}
			await().atMost(traffic).until(() -> System.nanoTime() - start > TimeUnit.SECONDS.toNanos(8));
			Instant killedA = Instant.now();
			assertThat(cluster.node("a").kill()).as("a died of SIGKILL").isEqualTo(137);
			await().atMost(traffic).until(() -> System.nanoTime() - start > TimeUnit.SECONDS.toNanos(16));
			assertThat(cluster.node("w").kill()).as("w died of SIGKILL").isEqualTo(137);
			await().atMost(traffic).until(() -> System.nanoTime() - start > TimeUnit.SECONDS.toNanos(20));
			CompletableFuture<Duration> restartA = CompletableFuture
				.supplyAsync(() -> cluster.startNode("a", "faults-a-after-kill"));
			CompletableFuture<Duration> restartW = CompletableFuture
				.supplyAsync(() -> cluster.startNode("w", "faults-w-after-kill"));
			clients.shutdown();
			assertThat(clients.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
			int answersOk = 0;
			for (Future<Integer> answer : answerResults) {
				int status = answer.get(2, TimeUnit.MINUTES);
				if (status >= 500) {
					serverErrors.incrementAndGet();
				}
				answersOk += (status == 200) ? 1 : 0;
			}
			Set<UUID> ids = Set.copyOf(acknowledged.values());
			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofSeconds(2))
				.until(() -> cluster.stored(ids).values().stream().allMatch(Stored::terminal)
						&& terminalWebhooks(ids).size() == ids.size()
						&& missingEndEmails(ids, cluster.emails(ids)) == 0);
			Instant allEnded = Instant.now();
			Map<UUID, Stored> stored = cluster.stored(ids);
			Duration latest = stored.values()
				.stream()
				.map((s) -> Duration.between(s.expiresAt(), s.endedAt()))
				.max(Duration::compareTo)
				.orElse(Duration.ZERO);
			long doubleOutcomes = stored.values().stream().filter((s) -> s.ends() != 1).count();
			Map<String, Integer> perKey = cluster.perExternalRef("r1-");
			long duplicatedKeys = perKey.values().stream().filter((n) -> n > 1).count();
			long lost = acknowledged.keySet().stream().filter((key) -> perKey.getOrDefault(key, 0) == 0).count();
			Map<String, Integer> emails = cluster.emails(ids);
			long emailsLost = missingEndEmails(ids, emails);
			long emailResends = emails.values().stream().mapToLong((n) -> n - 1).sum();
			Duration freshA = cluster.startUps.get("faults-a");
			Duration killedAReady = restartA.get(4, TimeUnit.MINUTES);
			Duration killedWReady = restartW.get(4, TimeUnit.MINUTES);
			FaultReport.row("R1",
					"creations on a and b for 30 s (" + answersOk + " answered, rest PT10S timeouts); "
							+ "kill -9 of a at 8 s, of worker w at 16 s, both restarted at 20 s",
					sequence.get(), acknowledged.size(), lost + emailsLost, doubleOutcomes + duplicatedKeys,
					serverErrors.get(),
					"latest end " + seconds(latest) + " past its deadline; all ended "
							+ seconds(Duration.between(killedA, allEnded)) + " after the kill; "
							+ cluster.receiver.resends() + " webhook resends, " + emailResends
							+ " email resends (same Message-ID)");
			FaultReport.row("R5",
					"creations cut by the kill of a (or refused while it was down) retried with the same "
							+ "Idempotency-Key on b",
					retriedAfterKill.size(), retriedAfterKill.stream().filter(acknowledged::containsKey).count(),
					retriedAfterKill.stream().filter((key) -> perKey.getOrDefault(key, 0) == 0).count(),
					retriedAfterKill.stream().filter((key) -> perKey.getOrDefault(key, 0) > 1).count(), 0,
					"one consultation per key");
			FaultReport.row("Start-up, after kill -9", "a and w started again on the database they died on", 2, 2, 0, 0,
					0, "a ready in " + seconds(killedAReady) + " (fresh: " + seconds(freshA) + "), w in "
							+ seconds(killedWReady) + " (fresh: " + seconds(cluster.startUps.get("faults-w")) + ")");
			assertThat(unacknowledged).as("creations never acknowledged, even retried").isEmpty();
			assertThat(lost).as("acknowledged creations not stored").isZero();
			assertThat(duplicatedKeys).as("Idempotency-Keys with more than one consultation").isZero();
			assertThat(doubleOutcomes).as("consultations not ended exactly once").isZero();
			assertThat(serverErrors.get()).as("5xx answers").isZero();
			assertThat(emailsLost).as("consultations without their answered or timed-out email").isZero();
			// A worker killed between the SMTP server's 250 and recording it resends to
			// that
			// recipient (at-least-once, with the same Message-ID): at most its in-flight
			// sends.
			assertThat(emailResends).as("emails resent").isLessThanOrEqualTo(4);
			// Timers the dead node had locked wait out the job lock (60 s).
			assertThat(latest).as("lateness of the latest end").isLessThan(Duration.ofSeconds(90));
			assertOneWebhookPerEnd(ids);
		}
		finally {
			clients.shutdownNow();
			answerers.shutdownNow();
		}
	}

	/** R4: the database goes away for 25 s under traffic, and comes back. */
	@Test
	@Order(3)
	void aDatabaseOutageAnswers503AndLosesNothing() throws Exception {
		List<String> apiNodes = List.of("a", "b");
		Map<String, UUID> acknowledged = new ConcurrentHashMap<>();
		for (int i = 0; i < 10; i++) {
			String key = "r4-before-" + i;
			Result created = post(apiNodes.get(i % 2), "/api/v1/consultations", cluster.agent,
					cluster.body("Due during the outage " + i, "PT5S", key), "Idempotency-Key", key);
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			acknowledged.put(key, UUID.fromString(created.json().get("id").asText()));
		}
		UUID known = acknowledged.values().iterator().next();
		Duration outage = Duration.ofSeconds(25);
		List<Result> duringOutage = new CopyOnWriteArrayList<>();
		AtomicLong slowest = new AtomicLong();
		AtomicLong slowestReadiness = new AtomicLong();
		AtomicInteger readyDuringOutage = new AtomicInteger();
		AtomicInteger readinessProbes = new AtomicInteger();
		AtomicInteger connectionFailures = new AtomicInteger();
		Set<String> failedKeys = ConcurrentHashMap.newKeySet();
		AtomicInteger sequence = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(6);
		cluster.proxy.cut();
		long cut = System.nanoTime();
		long end = cut + outage.toNanos();
		try {
			for (int c = 0; c < 4; c++) {
				int client = c;
				clients.submit(() -> {
					while (System.nanoTime() < end) {
						int n = sequence.getAndIncrement();
						String node = apiNodes.get(n % 2);
						String key = "r4-during-" + n;
						long sent = System.nanoTime();
						Result result = (client % 2 == 0)
								? post(node, "/api/v1/consultations", cluster.agent,
										cluster.body("During the outage " + n, "PT1M", key), "Idempotency-Key", key)
								: get(node, "/api/v1/consultations/" + known, cluster.agent);
						slowest.accumulateAndGet(System.nanoTime() - sent, Math::max);
						if (result == null) {
							connectionFailures.incrementAndGet();
						}
						else {
							duringOutage.add(result);
						}
						if (client % 2 == 0) {
							if (result != null && result.status() == 201) {
								acknowledged.put(key, UUID.fromString(result.json().get("id").asText()));
							}
							else {
								failedKeys.add(key);
							}
						}
					}
					return null;
				});
			}
			for (String node : apiNodes) {
				clients.submit(() -> {
					while (System.nanoTime() < end) {
						long sent = System.nanoTime();
						Result probe = get(node, "/actuator/health/readiness", null);
						slowestReadiness.accumulateAndGet(System.nanoTime() - sent, Math::max);
						readinessProbes.incrementAndGet();
						if (probe != null && probe.status() == 200) {
							readyDuringOutage.incrementAndGet();
						}
					}
					return null;
				});
			}
			clients.shutdown();
			assertThat(clients.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
		}
		finally {
			clients.shutdownNow();
			cluster.proxy.restore();
		}
		long restored = System.nanoTime();
		Map<String, Duration> readyAgain = new HashMap<>();
		for (String node : List.of("a", "b", "w")) {
			cluster.node(node).awaitReady(Duration.ofMinutes(2));
			readyAgain.put(node, Duration.ofNanos(System.nanoTime() - restored));
		}
		Set<UUID> dueDuringOutage = acknowledged.entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith("r4-before-"))
			.map(Map.Entry::getValue)
			.collect(java.util.stream.Collectors.toSet());
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> cluster.stored(dueDuringOutage).values().stream().allMatch(Stored::terminal)
					&& terminalWebhooks(dueDuringOutage).size() == dueDuringOutage.size());
		Duration timersAndWebhooks = Duration.ofNanos(System.nanoTime() - restored);
		// The agent retries what failed, with the same key, once the service is back.
		for (String key : failedKeys) {
			Result result = retryOn("b", key,
					cluster.body("During the outage " + key.substring("r4-during-".length()), "PT1M", key));
			assertThat(result).isNotNull();
			assertThat(result.status()).as(result.toString()).isIn(200, 201);
			acknowledged.put(key, UUID.fromString(result.json().get("id").asText()));
		}
		long fiveHundreds = duringOutage.stream().filter((r) -> r.status() >= 500 && r.status() != 503).count();
		long unavailable = duringOutage.stream().filter((r) -> r.status() == 503).count();
		long without = duringOutage.stream()
			.filter((r) -> r.status() == 503)
			.filter((r) -> r.header("Retry-After") == null
					|| !String.valueOf(r.contentType()).startsWith("application/problem+json"))
			.count();
		Map<String, Integer> perKey = cluster.perExternalRef("r4-");
		long lost = acknowledged.keySet().stream().filter((key) -> perKey.getOrDefault(key, 0) == 0).count();
		long duplicated = perKey.values().stream().filter((n) -> n > 1).count();
		FaultReport.row("R4",
				"database cut for " + outage.toSeconds() + " s (TCP proxy) under creations and reads on a "
						+ "and b; 10 PT5S timers due during it; failed creations retried with their key after",
				sequence.get() + 10, acknowledged.size(), lost, duplicated, fiveHundreds,
				"ready again a " + seconds(readyAgain.get("a")) + ", b " + seconds(readyAgain.get("b")) + ", w "
						+ seconds(readyAgain.get("w")) + "; timers due meanwhile fired and delivered "
						+ seconds(timersAndWebhooks) + " after; no restart");
		FaultReport.note("R4", duringOutage.size() + " answers during the outage: " + unavailable + " x 503 (" + without
				+ " without Retry-After or problem+json), " + fiveHundreds + " other 5xx, " + connectionFailures.get()
				+ " connection failures; slowest " + millis(slowest.get()) + "; readiness: " + readinessProbes.get()
				+ " probes, " + readyDuringOutage.get() + " said ready, slowest " + millis(slowestReadiness.get()));
		duringOutage.stream()
			.filter((r) -> r.status() != 503)
			.limit(5)
			.forEach((r) -> FaultReport.note("R4", r.response().request().method() + " " + r.response().uri() + " "
					+ r.header("X-Request-ID") + " " + r));
		assertThat(fiveHundreds).as("5xx other than 503 during the outage").isZero();
		assertThat(without).as("503 without Retry-After or problem+json").isZero();
		assertThat(connectionFailures.get()).as("requests that failed to connect or timed out").isZero();
		assertThat(Duration.ofNanos(slowest.get())).as("slowest answer during the outage")
			.isLessThan(Duration.ofSeconds(6));
		assertThat(readyDuringOutage.get()).as("readiness said ready during the outage").isZero();
		assertThat(Duration.ofNanos(slowestReadiness.get())).as("slowest readiness answer")
			.isLessThan(Duration.ofSeconds(3));
		assertThat(lost).as("acknowledged creations lost").isZero();
		assertThat(duplicated).as("keys with two consultations").isZero();
		assertThat(timersAndWebhooks).as("timers and deliveries due during the outage, after it")
			.isLessThan(Duration.ofSeconds(30));
	}

	/** R7: the SMTP server and the agent's webhook receiver are down for 2 minutes. */
	@Test
	@Order(4)
	void smtpAndReceiverOutagesLoseAndDoubleNothing() throws Exception {
		Duration outage = Duration.ofMinutes(2);
		TestMailServer.stop();
		cluster.receiver.stop();
		long stopped = System.nanoTime();
		Set<UUID> ids = ConcurrentHashMap.newKeySet();
		int answered = 0;
		try {
			for (int i = 0; i < 20; i++) {
				Result created = cluster.api((i % 2 == 0) ? "a" : "b")
					.post("/api/v1/consultations", cluster.agent, cluster.body("Outage " + i, "PT5S", "r7-" + i));
				assertThat(created.status()).as(created.toString()).isEqualTo(201);
				UUID id = UUID.fromString(created.json().get("id").asText());
				ids.add(id);
				if (i % 2 == 0) {
					Result answer = cluster.api("b")
						.post("/api/v1/consultations/" + id + "/respond", cluster.reviewers.get(0),
								map("decision", "rejected"));
					assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
					answered++;
				}
			}
			await().atMost(outage.plusSeconds(30))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> System.nanoTime() - stopped >= outage.toNanos());
		}
		finally {
			TestMailServer.restart();
			cluster.receiver.restart();
		}
		Map<UUID, Stored> atRestore = cluster.stored(ids);
		int fewestAttempts = atRestore.values().stream().mapToInt(Stored::callbackAttempts).min().orElse(0);
		long restored = System.nanoTime();
		try {
			await().atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> terminalWebhooks(ids).size() == ids.size()
						&& missingEndEmails(ids, cluster.emails(ids)) == 0);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			FaultReport.note("R7", "after 2 min: " + terminalWebhooks(ids).size() + " of " + ids.size()
					+ " terminal webhooks, " + missingRequestEmails(ids, cluster.emails(ids))
					+ " requested emails missing, " + missingEndEmails(ids, cluster.emails(ids))
					+ " end emails missing; attempts at restore "
					+ atRestore.values().stream().map((s) -> s.callbackStatus() + "/" + s.callbackAttempts()).toList()
					+ ", now "
					+ cluster.stored(ids)
						.values()
						.stream()
						.map((s) -> s.callbackStatus() + "/" + s.callbackAttempts())
						.toList());
			throw ex;
		}
		Duration recovery = Duration.ofNanos(System.nanoTime() - restored);
		Map<String, Integer> emails = cluster.emails(ids);
		long emailDuplicates = emails.values().stream().mapToLong((n) -> n - 1).sum();
		long webhookDuplicates = cluster.receiver.eventIds()
			.entrySet()
			.stream()
			.filter((e) -> ids.stream().anyMatch((id) -> e.getKey().startsWith(id.toString())))
			.filter((e) -> e.getValue().size() > 1)
			.count();
		long webhooksLost = ids.size() - terminalWebhooks(ids).size();
		FaultReport.row("R7",
				"SMTP server and webhook receiver down " + outage.toMinutes() + " min together; 20 "
						+ "consultations created in it (" + answered + " answered, 10 timed out)",
				20, 20, webhooksLost + missingEndEmails(ids, emails), emailDuplicates + webhookDuplicates, 0,
				"all webhooks and " + emails.size() + " emails in " + seconds(recovery) + " after both returned; "
						+ "webhook attempts during the outage >= " + fewestAttempts
						+ " (schedule PT5S,PT10S,PT20S,PT30S...)");
		assertThat(emailDuplicates).as("emails received twice").isZero();
		assertThat(webhookDuplicates).as("events delivered under two webhook-ids").isZero();
		// 0, 5, 15, 35, 65 and 95 s into the outage: at least four attempts even on a
		// slow host.
		assertThat(fewestAttempts).as("webhook attempts while the receiver was down").isGreaterThanOrEqualTo(4);
		assertThat(recovery).as("time to deliver everything after the outage (longest wait: 30 s + lock)")
			.isLessThan(Duration.ofSeconds(60));
		assertOneWebhookPerEnd(ids);
		assertThat(cluster.receiver.badSignatures()).as("webhooks failing signature checks").isZero();
	}

	private static Result post(String node, String path, String authorization, Object body, String... headers) {
		try {
			return cluster.api(node).post(path, authorization, body, headers);
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	private static Result get(String node, String path, String authorization) {
		try {
			return cluster.api(node).get(path, authorization);
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	/**
	 * An agent's retry: the same request and key again until it is acknowledged; 409 ("in
	 * progress") while the dead node's lease on the key runs out.
	 */
	private static Result retryOn(String node, String key, Object body) {
		Result[] last = new Result[1];
		try {
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
				last[0] = post(node, "/api/v1/consultations", cluster.agent, body, "Idempotency-Key", key);
				return last[0] != null && (last[0].status() == 201 || last[0].status() == 200);
			});
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			// Not acknowledged within 90 s: the caller counts and reports it, with the
			// last answer.
			FaultReport.note("retry", key + " not acknowledged after 90 s of retries, last: " + last[0]);
		}
		return last[0];
	}

	/** A reviewer answers on whichever API node is up. */
	private static int answer(UUID id, int reviewer) {
		for (String node : List.of("a", "b")) {
			Result result = cluster.node(node).isAlive() ? post(node, "/api/v1/consultations/" + id + "/respond",
					cluster.reviewers.get(reviewer), map("decision", "approved")) : null;
			if (result != null) {
				return result.status();
			}
		}
		return -1;
	}

	/**
	 * The consultations among {@code ids} with at least one terminal webhook received.
	 */
	private static Set<String> terminalWebhooks(Set<UUID> ids) {
		Set<String> wanted = new java.util.HashSet<>();
		ids.forEach((id) -> wanted.add(id.toString()));
		Set<String> delivered = new java.util.HashSet<>();
		for (SignedWebhookReceiver.Delivery delivery : cluster.receiver.deliveries()) {
			if (TERMINAL.contains(delivery.type()) && wanted.contains(delivery.consultationId())) {
				delivered.add(delivery.consultationId());
			}
		}
		return delivered;
	}

	/**
	 * Each consultation had one terminal event, under one webhook-id, saying how it
	 * ended.
	 */
	private static void assertOneWebhookPerEnd(Set<UUID> ids) {
		Map<UUID, Stored> stored = cluster.stored(ids);
		Map<String, Set<String>> events = cluster.receiver.eventIds();
		for (UUID id : ids) {
			List<String> ends = new ArrayList<>();
			for (String type : TERMINAL) {
				Set<String> webhookIds = events.get(id + " " + type);
				if (webhookIds != null) {
					assertThat(webhookIds).as("webhook-ids of %s %s", type, id).hasSize(1);
					ends.add(type);
				}
			}
			assertThat(ends).as("terminal webhooks of %s", id)
				.containsExactly("consultation." + stored.get(id).state());
		}
	}

	/**
	 * Requested emails (one per reviewer and consultation) that never arrived: for the
	 * figures only, since a request is rightly not sent once its consultation has ended.
	 */
	private static long missingRequestEmails(Set<UUID> ids, Map<String, Integer> emails) {
		Map<String, Long> requested = new HashMap<>();
		emails.keySet()
			.stream()
			.filter((messageId) -> messageId.contains(".consultation-requested."))
			.forEach((messageId) -> requested.merge(messageId.substring(1, messageId.indexOf('.')), 1L, Long::sum));
		return ids.stream()
			.mapToLong((id) -> Math.max(0, cluster.reviewerEmails.size() - requested.getOrDefault(id.toString(), 0L)))
			.sum();
	}

	/**
	 * Consultations among {@code ids} without an answered or timed-out email: those are
	 * sent whenever the consultation ended, however late.
	 */
	private static long missingEndEmails(Set<UUID> ids, Map<String, Integer> emails) {
		Set<String> ended = new java.util.HashSet<>();
		emails.keySet()
			.stream()
			.filter((messageId) -> messageId.contains(".consultation-answered.")
					|| messageId.contains(".consultation-timed-out."))
			.forEach((messageId) -> ended.add(messageId.substring(1, messageId.indexOf('.'))));
		return ids.stream().filter((id) -> !ended.contains(id.toString())).count();
	}

	private static String seconds(Duration duration) {
		return (duration == null) ? "n/a" : String.format("%.1f s", duration.toMillis() / 1000.0);
	}

	private static String millis(long nanos) {
		return String.format("%.2f s", nanos / 1e9);
	}

}
