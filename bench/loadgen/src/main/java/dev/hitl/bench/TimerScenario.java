package dev.hitl.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * Scenario 4: consultations created through the API with timeouts chosen so that all of
 * them fall due within the same minute; how late each one was marked timed out, how fast
 * the job executor drained them, and how fast their webhooks went out. While they are
 * being created, scenario 3's reviewer list and scenario 5's answers run under that
 * creation load.
 */
final class TimerScenario {

	private static final long WINDOW_MILLIS = 60_000;

	private final Bench bench;

	/** Between the last creation and the first timeout: the creations' emails drain. */
	private static final long MARGIN_MILLIS = 25_000;

	private final CreateScenarios creates;

	private final ReviewScenarios reviews;

	TimerScenario(Bench bench, CreateScenarios creates, ReviewScenarios reviews) {
		this.bench = bench;
		this.creates = creates;
		this.reviews = reviews;
	}

	void run() {
		Bench bench = this.bench;
		long open = this.reviews.prepareReviewerList();
		double best = this.creates.createBest.median();
		double rate = Double.isNaN(best) ? 2 : Math.max(2, Math.round(best * 0.85 * 10) / 10.0);
		// As many as can be created, fall due and have their webhooks drained before the
		// run's deadline (10,000 at 44/s on a fast day; fewer where creating is slow). The
		// webhooks drain at about three times the creation rate (earlier runs), so creating
		// takes three quarters of what is left after the margin, the window and 20 s.
		int configured = bench.config.timers();
		double budget = bench.millisLeft() / 1000.0 - (MARGIN_MILLIS + WINDOW_MILLIS) / 1000.0 - 20;
		int count = (int) Math.min(configured, Math.max(Math.min(configured, 500), 0.75 * rate * budget));
		if (count < configured) {
			Bench.log("S4 timers: " + count + " instead of " + configured + " to end before the run's deadline");
		}
		long creationMillis = (long) (count / rate * 1000);
		long dueFrom = System.currentTimeMillis() + creationMillis + MARGIN_MILLIS;
		Set<String> ids = ConcurrentHashMap.newKeySet();
		AtomicLong next = new AtomicLong();
		Bench.log("S4 timers: creating " + count + " at " + rate + "/s, all due between +" + (dueFrom
				- System.currentTimeMillis()) / 1000 + " s and +" + (dueFrom + WINDOW_MILLIS - System.currentTimeMillis()) / 1000
				+ " s");
		CompletableFuture<OpenLoop.Result> creating = CompletableFuture.supplyAsync(() -> OpenLoop
			.run(new OpenLoop.Spec("create timers", rate, Duration.ZERO,
					Duration.ofMillis((long) Math.ceil(count / rate * 1000)), () -> {
						long i = next.getAndIncrement();
						if (i >= count) {
							return null;
						}
						long due = dueFrom + WINDOW_MILLIS * i / count;
						long seconds = Math.max(5, Math.round((due - System.currentTimeMillis()) / 1000.0));
						return bench.createOp("timer", "PT" + seconds + "S", null, ids::add);
					}, (s) -> s == 201)));
		// Scenarios 3 and 5 under this creation load, once it runs steadily.
		Bench.sleep(Math.min(10_000, creationMillis / 4));
		this.reviews.underCreateLoad(rate, open);
		OpenLoop.Result created = creating.join();
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
		double firstDue = Double.MAX_VALUE;
		for (double[] row : rows) {
			lateness.recordValue(Math.max(0, (long) row[0]));
			firstFired = Math.min(firstFired, row[1]);
			lastFired = Math.max(lastFired, row[1]);
			lastDue = Math.max(lastDue, row[2]);
			firstDue = Math.min(firstDue, row[2]);
		}
		double drainRate = rows.size() / Math.max(0.001, (lastFired - firstFired) / 1000.0);
		Bench.log(String.format("  due over %.0f s; fired %d/%d; lateness p50 %d p99 %d max %d ms; %.0f timeouts/s",
				(lastDue - firstDue) / 1000, rows.size(), ids.size(), lateness.getValueAtPercentile(50), lateness.getValueAtPercentile(99),
				lateness.getMaxValue(), drainRate));

		// Their webhooks: a backlog of thousands, so the rate they arrive at is the
		// sustained delivery rate.
		Arrivals hooks = bench.hooks.arrivals();
		// The run's deadline may cut this wait short; the figure says how many arrived.
		long hookDeadline = System.currentTimeMillis() + Math.max(0, Math.min(300_000, bench.millisLeft() - 20_000));
		while (hooks.of(ids, "consultation.timed_out").size() < rows.size()
				&& System.currentTimeMillis() < hookDeadline) {
			Bench.sleep(1000);
		}
		List<Arrivals.Arrival> delivered = hooks.of(ids, "consultation.timed_out");
		long firstHook = delivered.stream().mapToLong(Arrivals.Arrival::at).min().orElse(0);
		long lastHook = delivered.stream().mapToLong(Arrivals.Arrival::at).max().orElse(0);
		double hookRate = delivered.size() / Math.max(0.001, (lastHook - firstHook) / 1000.0);
		long maxWaiting = bench.backlog.maxWaiting(dueFrom, System.currentTimeMillis());
		bench.drain("timers", Math.max(0, Math.min(120_000, bench.millisLeft() - 10_000)));
		long emails = bench.mail.arrivals().of(ids, "consultation-timed-out").size();
		Bench.log(String.format("  webhooks %d at %.1f/s; emails %d; max waiting work %d", delivered.size(), hookRate,
				emails, maxWaiting));

		Map<String, Object> json = new LinkedHashMap<>();
		json.put("consultations", ids.size());
		json.put("configured", configured);
		json.put("create", Results.json(created));
		json.put("timed_out", rows.size());
		json.put("lateness_ms", Map.of("p50", lateness.getValueAtPercentile(50), "p99",
				lateness.getValueAtPercentile(99), "max", lateness.getMaxValue()));
		json.put("timeouts_per_s", Summary.round(drainRate));
		json.put("all_fired_after_last_due_ms", (long) (lastFired - lastDue));
		json.put("due_span_ms", (long) (lastDue - firstDue));
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
				"", rows.size() + "/" + ids.size() + " fired" + ((count < configured)
						? String.format("; **%,d instead of %,d**, as many as %s creations/s fit in the run's budget", count,
								configured, Results.fmt(rate))
						: ""));
		bench.results.row("5", "Sustained webhooks/s (the timeouts' backlog)", Results.fmt(hookRate),
				delivered.size() + " of " + rows.size() + " delivered, " + emails + " emails"
						+ ((delivered.size() < rows.size()) ? " when the run's deadline ended the wait" : ""),
				"", "");
	}

}
