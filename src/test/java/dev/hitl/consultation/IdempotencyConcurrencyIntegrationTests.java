package dev.hitl.consultation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import dev.hitl.PostgresIntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Idempotency-Key contract under load on PostgreSQL: 200 keys, each sent by 5
 * simultaneous identical requests (through different API keys of the same owner, as an
 * agent running on several nodes would).
 */
class IdempotencyConcurrencyIntegrationTests extends PostgresIntegrationTestSupport {

	private static final int KEYS = 200;

	private static final int COPIES = 5;

	@Test
	void twoHundredKeysTimesFiveSimultaneousRequestsCreateExactlyTwoHundredConsultations() throws Exception {
		String owner = "owner-" + UUID.randomUUID();
		List<String> agents = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			agents.add(newAgent(owner));
		}
		HttpApi http = api();
		Map<String, String> createdIds = new ConcurrentHashMap<>();
		Map<String, List<String>> answeredIds = new ConcurrentHashMap<>();
		AtomicInteger created = new AtomicInteger();
		AtomicInteger replayed = new AtomicInteger();
		AtomicInteger conflicts = new AtomicInteger();
		List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
		ExecutorService pool = Executors.newFixedThreadPool(50);
		List<Future<?>> requests = new ArrayList<>();
		long started = System.nanoTime();
		for (int k = 0; k < KEYS; k++) {
			String key = "key-" + k + "-" + UUID.randomUUID();
			CyclicBarrier together = new CyclicBarrier(COPIES);
			Map<String, Object> body = map("title", "Refund order " + k + "?", "context", map("order", k));
			for (int copy = 0; copy < COPIES; copy++) {
				String agent = agents.get((k * COPIES + copy) % agents.size());
				requests.add(pool.submit(() -> {
					together.await(60, TimeUnit.SECONDS);
					Result result = http.post("/api/v1/consultations", agent, body, "Idempotency-Key", key);
					switch (result.status()) {
						case 201 -> {
							created.incrementAndGet();
							createdIds.merge(key, result.json().get("id").asText(), (a, b) -> a + "," + b);
						}
						case 200 -> {
							replayed.incrementAndGet();
							assertThat(result.header("Idempotent-Replayed")).isEqualTo("true");
							answeredIds
								.computeIfAbsent(key, (ignored) -> new java.util.concurrent.CopyOnWriteArrayList<>())
								.add(result.json().get("id").asText());
						}
						case 409 -> conflicts.incrementAndGet();
						default -> unexpected.add(result.toString());
					}
					return null;
				}));
			}
		}
		for (Future<?> request : requests) {
			request.get(5, TimeUnit.MINUTES);
		}
		pool.shutdown();
		double seconds = (System.nanoTime() - started) / 1e9;
		long consultations = this.jdbc.queryForObject("select count(*) from consultation where owner = ?", Long.class,
				owner);
		long processes = this.jdbc.queryForObject("select count(*) from act_hi_procinst p join consultation c "
				+ "on p.business_key_ = cast(c.id as varchar) where c.owner = ?", Long.class, owner);
		System.out.printf(
				"Idempotency under concurrency: %d keys x %d requests in %.1f s -> %d created (201), "
						+ "%d replayed (200), %d in flight (409), %d other; %d consultations, %d process instances%n",
				KEYS, COPIES, seconds, created.get(), replayed.get(), conflicts.get(), unexpected.size(), consultations,
				processes);
		assertThat(unexpected).isEmpty();
		assertThat(created.get()).isEqualTo(KEYS);
		assertThat(replayed.get() + conflicts.get()).isEqualTo(KEYS * (COPIES - 1));
		assertThat(consultations).isEqualTo(KEYS);
		assertThat(processes).isEqualTo(KEYS);
		assertThat(createdIds).hasSize(KEYS).allSatisfy((key, id) -> assertThat(id).doesNotContain(","));
		answeredIds.forEach((key, ids) -> assertThat(ids).containsOnly(createdIds.get(key)));
	}

}
