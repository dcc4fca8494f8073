package dev.hitl.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * Scenario 4: consultations created through the API with timeouts chosen so that all of
 * them fall due within the same minute; how late each one was marked timed out, how fast
 * the job executor drained them, and how fast their webhooks went out.
 */
final class TimerScenario {

	private static final long WINDOW_MILLIS = 60_000;

	private final Bench bench;

	private final CreateScenarios creates;

	TimerScenario(Bench bench, CreateScenarios creates) {
		this.bench = bench;
		this.creates = creates;
	}

	void run() {
		Bench bench = this.bench;
		int count = bench.config.timers();
		double rate = Math.max(5, Math.round(this.creates.createBest.median() * 0.8));
		long creationMillis = (long) (count / rate * 1000);
		long dueFrom = System.currentTimeMillis() + creationMillis + 20_000;
		Set<String> ids = ConcurrentHashMap.newKeySet();
		AtomicLong next = new AtomicLong();
		Bench.log("S4 timers: creating " + count + " at " + rate + "/s, all due between +" + (dueFrom
				- System.currentTimeMillis()) / 1000 + " s and +" + (dueFrom + WINDOW_MILLIS - System.currentTimeMillis()) / 1000
				+ " s");
		OpenLoop.Result created = OpenLoop.run(new OpenLoop.Spec("create timers", rate, Duration.ZERO,
				Duration.ofMillis((long) Math.ceil(count / rate * 1000)), () -> {
					long i = next.getAndIncrement();
					if (i >= count) {
						return null;
					}
					long due = dueFrom + WINDOW_MILLIS * i / count;
					long seconds = Math.max(5, Math.round((due - System.currentTimeMillis()) / 1000.0));
					return bench.createOp("timer", "PT" + seconds + "S", null, ids::add);
				}, (s) -> s == 201));
		Bench.log(String.format("  created %d (p99 %.1f ms, errors %d)", ids.size(), created.p99(), created.errors()));
		bench.db.execute("drop table if exists bench_timer_ids");
		bench.db.execute("create table bench_timer_ids (id uuid primary key)");
		List<String> all = new ArrayList<>(ids);
		for (int from = 0; from < all.size(); from += 1000) {
			List<String> chunk = all.subList(from, Math.min(all.size(), from + 1000));
			bench.db.execute("insert into bench_timer_ids select unnest(?::uuid[])",
					(Object) chunk.toArray(String[]::new));
		}
		long deadline = dueFrom + WINDOW_MILLIS + 600_000;
		long fired = 0;
		while (System.currentTimeMillis() < deadline) {
			fired = bench.db.number("select count(*) from consultation c join bench_timer_ids t on t.id = c.id "
					+ "where c.state = 'timed_out'");
			if (fired >= ids.size()) {
				break;
			}
			Bench.sleep(2000);
		}
		Histogram lateness = new Histogram(3_600_000L, 3);
		List<double[]> rows = bench.db.doubles("select extract(epoch from c.updated_at - c.expires_at) * 1000, "
				+ "extract(epoch from c.updated_at) * 1000, extract(epoch from c.expires_at) * 1000 "
				+ "from consultation c join bench_timer_ids t on t.id = c.id where c.state = 'timed_out'", 3);
		double firstFired = Double.MAX_VALUE;
		double lastFired = 0;
		double lastDue = 0;
		for (double[] row : rows) {
			lateness.recordValue(Math.max(0, (long) row[0]));
			firstFired = Math.min(firstFired, row[1]);
			lastFired = Math.max(lastFired, row[1]);
			lastDue = Math.max(lastDue, row[2]);
		}
		double drainRate = rows.size() / Math.max(0.001, (lastFired - firstFired) / 1000.0);
		Bench.log(String.format("  fired %d/%d; lateness p50 %d p99 %d max %d ms; %.0f timeouts/s",
				rows.size(), ids.size(), lateness.getValueAtPercentile(50), lateness.getValueAtPercentile(99),
				lateness.getMaxValue(), drainRate));

		// Their webhooks: a backlog of thousands, so the rate they arrive at is the
		// sustained delivery rate.
		Arrivals hooks = bench.hooks.arrivals();
		long hookDeadline = System.currentTimeMillis() + 300_000;
		while (hooks.of(ids, "consultation.timed_out").size() < rows.size()
				&& System.currentTimeMillis() < hookDeadline) {
			Bench.sleep(1000);
		}
		List<Arrivals.Arrival> delivered = hooks.of(ids, "consultation.timed_out");
		long firstHook = delivered.stream().mapToLong(Arrivals.Arrival::at).min().orElse(0);
		long lastHook = delivered.stream().mapToLong(Arrivals.Arrival::at).max().orElse(0);
		double hookRate = delivered.size() / Math.max(0.001, (lastHook - firstHook) / 1000.0);
		long maxWaiting = bench.backlog.maxWaiting(dueFrom, System.currentTimeMillis());
		bench.drain("timers");
		long emails = bench.mail.arrivals().of(ids, "consultation-timed-out").size();
		Bench.log(String.format("  webhooks %d at %.1f/s; emails %d; max waiting work %d", delivered.size(), hookRate,
				emails, maxWaiting));

		Map<String, Object> json = new LinkedHashMap<>();
		json.put("consultations", ids.size());
		json.put("create", Results.json(created));
		json.put("timed_out", rows.size());
		json.put("lateness_ms", Map.of("p50", lateness.getValueAtPercentile(50), "p99",
				lateness.getValueAtPercentile(99), "max", lateness.getMaxValue()));
		json.put("timeouts_per_s", Summary.round(drainRate));
		json.put("all_fired_after_last_due_ms", (long) (lastFired - lastDue));
		json.put("webhooks", delivered.size());
		json.put("webhooks_per_s", Summary.round(hookRate));
		json.put("emails", emails);
		json.put("max_waiting_work", maxWaiting);
		bench.results.put("s4", json);
		bench.results.row("4", String.format("%,d timeouts due in one minute: lateness p50 / p99 / max (ms)", ids.size()),
				lateness.getValueAtPercentile(50) + " / " + lateness.getValueAtPercentile(99) + " / "
						+ lateness.getMaxValue(),
				"drain " + Results.fmt(drainRate) + " timeouts/s; last fired " + Results.fmt((lastFired - lastDue) / 1000)
						+ " s after the last was due",
				"", rows.size() + "/" + ids.size() + " fired");
		bench.results.row("5", "Sustained webhooks/s (the timeouts' backlog)", Results.fmt(hookRate),
				delivered.size() + " delivered, " + emails + " emails", "", "");
	}

}
