package dev.hitl.bench;

import java.time.Duration;
import java.time.Instant;
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
 * Scenario 4: 10,000 consultations falling due within the same minute; how late each one
 * was marked timed out, how fast the job executor drained them, and how fast their
 * webhooks and emails went out. Creating 10,000 through the API would take most of the
 * run on two cores, so they are copies of one created through the API
 * ({@link TimerFixture}); everything measured runs the service's own path. Before that,
 * scenario 3's reviewer list and scenario 5's answers run under creation load through the
 * API.
 */
final class TimerScenario {

	private static final long WINDOW_MILLIS = 60_000;

	private final Bench bench;

	/**
	 * What scenario 4 needs of the run's budget for all its consultations: the load
	 * phase, copying, the minute they fall due in and the drain of their webhooks and
	 * emails (on this 2-core host).
	 */
	static final long RESERVE_SECONDS = 480;

	/** Between moving the copies' timers and the first falling due. */
	private static final long MARGIN_MILLIS = 10_000;

	private final CreateScenarios creates;

	private final ReviewScenarios reviews;

	TimerScenario(Bench bench, CreateScenarios creates, ReviewScenarios reviews) {
		this.bench = bench;
		this.creates = creates;
		this.reviews = reviews;
	}

	/** Arrivals per second from the first to the last. */
	private static double rate(List<Arrivals.Arrival> arrivals) {
		long first = arrivals.stream().mapToLong(Arrivals.Arrival::at).min().orElse(0);
		long last = arrivals.stream().mapToLong(Arrivals.Arrival::at).max().orElse(0);
		return arrivals.size() / Math.max(0.001, (last - first) / 1000.0);
	}

	void run() throws Exception {
		Bench bench = this.bench;
		long open = this.reviews.prepareReviewerList();
		double best = this.creates.createBest.median();
		double rate = Double.isNaN(best) ? bench.config.fallbackCreateRate()
				: Math.max(2, Math.round(best * 0.85 * 10) / 10.0);
		// Scenarios 3 and 5 under creation load: consultations created through the API at
		// 85 % of what scenario 1 held, while the reviewer lists and answers.
		long loadMillis = (bench.config.quick() ? 5_000 : 15_000) + 3_000 + 4_000;
		AtomicLong loadCreated = new AtomicLong();
		CompletableFuture<OpenLoop.Result> load = CompletableFuture
			.supplyAsync(() -> OpenLoop.run(new OpenLoop.Spec("create under load", rate, Duration.ZERO,
					Duration.ofMillis(loadMillis), () -> bench.createOp("load", "PT24H", null, (id) -> {
						loadCreated.incrementAndGet();
						bench.answerPool.add(id);
					}), (s) -> s == 201)));
		Bench.sleep(2_000);
		this.reviews.underCreateLoad(rate, open);
		OpenLoop.Result loaded = load.join();
		Bench.log(String.format("  created %d under load (p99 %.1f ms, errors %d)", loadCreated.get(), loaded.p99(),
				loaded.errors()));
		bench.drain("creation load");

		// The burst: a template consultation through the API, copied in SQL (TimerFixture).
		int configured = bench.config.timers();
		// Behind schedule (a slow or busy host), fewer copies, so that what there is fires
		// and is delivered before the run's deadline; the table then says so in bold.
		double secondsLeft = bench.millisLeft() / 1000.0;
		int count = (int) Math.min(configured,
				Math.max(Math.min(configured, 500), (secondsLeft - 120) * configured / (RESERVE_SECONDS - 120.0)));
		if (count < configured) {
			Bench.log("S4 timers: " + count + " instead of " + configured + ", " + Math.round(secondsLeft)
					+ " s before the run's deadline");
		}
		String template = bench.createNow("timer-template", "P7D", null);
		long waitUntil = System.currentTimeMillis() + 60_000;
		while (bench.mail.arrivals().of(Set.of(template), "consultation-requested").isEmpty()
				&& System.currentTimeMillis() < waitUntil) {
			Bench.sleep(250);
		}
		bench.drain("template");
		long fixtureStarted = System.currentTimeMillis();
		Bench.log("S4 timers: copying the template " + count + " times");
		TimerFixture fixture = new TimerFixture(bench.config.jdbcUrl());
		List<String> copies = fixture.copy(template, count);
		long fixtureMillis = System.currentTimeMillis() - fixtureStarted;
		Instant dueFrom = Instant.ofEpochMilli(System.currentTimeMillis() + MARGIN_MILLIS);
		fixture.schedule(dueFrom, WINDOW_MILLIS);
		Bench.log("  due from " + dueFrom + " over " + WINDOW_MILLIS / 1000 + " s");
		long dueInMillis = dueFrom.toEpochMilli() - System.currentTimeMillis();
		Bench.log(String.format("  copied in %.1f s; the first falls due in %.1f s", fixtureMillis / 1000.0,
				dueInMillis / 1000.0));
		Set<String> ids = ConcurrentHashMap.newKeySet();
		ids.addAll(copies);
		long dueFromMillis = dueFrom.toEpochMilli();
		bench.db.execute("drop table if exists bench_timer_ids");
		bench.db.execute("create table bench_timer_ids (id uuid primary key)");
		List<String> all = new ArrayList<>(ids);
		for (int from = 0; from < all.size(); from += 1000) {
			List<String> chunk = all.subList(from, Math.min(all.size(), from + 1000));
			bench.db.execute("insert into bench_timer_ids select unnest(?::uuid[])",
					(Object) chunk.toArray(String[]::new));
		}
		Bench.sleep(Math.max(0, dueFromMillis - System.currentTimeMillis()));
		CpuMeter.Reading cpuAtFirstDue = bench.cpu.read();
		// The run's deadline may end this wait too; the figures then say how many fired.
		long deadline = Math.min(dueFromMillis + WINDOW_MILLIS + 600_000,
				System.currentTimeMillis() + Math.max(0, bench.millisLeft() - 30_000));
		long fired = 0;
		while (System.currentTimeMillis() < deadline) {
			fired = bench.db.number("select count(*) from consultation c join bench_timer_ids t on t.id = c.id "
					+ "where c.state = 'timed_out'");
			if (fired >= ids.size()) {
				break;
			}
			Bench.sleep(1000);
		}
		// Everything the service did while the timers fired, per timeout: the job
		// executor's work and the deliveries that ran beside it.
		double[] firingCpu = bench.cpu.read().since(cpuAtFirstDue);
		double cpuPerTimeout = (firingCpu[0] + firingCpu[1]) / Math.max(1, fired);
		Histogram lateness = new Histogram(3_600_000L, 3);
		// Those not fired yet count at their lateness so far: a lower bound, never left out.
		long pending = ids.size() - fired;
		for (double[] late : bench.db.doubles("select extract(epoch from now() - c.expires_at) * 1000 from consultation c "
				+ "join bench_timer_ids t on t.id = c.id where c.state <> 'timed_out'", 1)) {
			lateness.recordValue(Math.max(0, (long) late[0]));
		}
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
		Bench.log(String.format("  due over %.0f s; fired %d/%d; lateness p50 %d p99 %d max %d ms; %.0f timeouts/s; "
				+ "cpu %.1f + %.1f ms per timeout while firing", (lastDue - firstDue) / 1000, rows.size(), ids.size(),
				lateness.getValueAtPercentile(50), lateness.getValueAtPercentile(99), lateness.getMaxValue(), drainRate,
				firingCpu[0] / Math.max(1, fired), firingCpu[1] / Math.max(1, fired)));

		// Their webhooks and emails: a backlog of thousands, so the rate they arrive at is
		// the sustained delivery rate. The run's deadline may cut this wait short; the
		// figures say how many arrived.
		Arrivals hooks = bench.hooks.arrivals();
		Arrivals mails = bench.mail.arrivals();
		long hookDeadline = System.currentTimeMillis() + Math.max(0, Math.min(900_000, bench.millisLeft() - 20_000));
		while ((hooks.of(ids, "consultation.timed_out").size() < rows.size()
				|| mails.of(ids, "consultation-timed-out").size() < rows.size())
				&& System.currentTimeMillis() < hookDeadline) {
			Bench.sleep(1000);
		}
		List<Arrivals.Arrival> delivered = hooks.of(ids, "consultation.timed_out");
		double hookRate = rate(delivered);
		List<Arrivals.Arrival> mailed = mails.of(ids, "consultation-timed-out");
		double mailRate = rate(mailed);
		long emails = mailed.size();
		long lastArrival = java.util.stream.Stream.concat(delivered.stream(), mailed.stream())
			.mapToLong(Arrivals.Arrival::at)
			.max()
			.orElse(0);
		long maxWaiting = bench.backlog.maxWaiting(dueFromMillis, System.currentTimeMillis());
		bench.drain("timers", Math.max(0, Math.min(60_000, bench.millisLeft() - 10_000)));
		Bench.log(String.format("  webhooks %d at %.1f/s; emails %d at %.1f/s; all delivered %.0f s after the first "
				+ "was due; max waiting work %d", delivered.size(), hookRate, emails, mailRate,
				(lastArrival - dueFromMillis) / 1000.0, maxWaiting));

		Map<String, Object> json = new LinkedHashMap<>();
		json.put("consultations", ids.size());
		json.put("how", "one template created through the API, copied " + count + " times in SQL (TimerFixture)");
		json.put("fixture_seconds", Summary.round(fixtureMillis / 1000.0));
		json.put("create_under_load", Results.json(loaded));
		json.put("timed_out", rows.size());
		json.put("not_fired_by_deadline", pending);
		json.put("lateness_ms", Map.of("p50", lateness.getValueAtPercentile(50), "p99",
				lateness.getValueAtPercentile(99), "max", lateness.getMaxValue()));
		json.put("timeouts_per_s", Summary.round(drainRate));
		json.put("cpu_ms_per_timeout_while_firing", Map.of("app", Summary.round(firingCpu[0] / Math.max(1, fired)),
				"db", Summary.round(firingCpu[1] / Math.max(1, fired))));
		json.put("all_fired_after_last_due_ms", (long) (lastFired - lastDue));
		json.put("due_span_ms", (long) (lastDue - firstDue));
		json.put("webhooks", delivered.size());
		json.put("webhooks_per_s", Summary.round(hookRate));
		json.put("emails", emails);
		json.put("emails_per_s", Summary.round(mailRate));
		json.put("all_delivered_after_first_due_s", Summary.round((lastArrival - dueFromMillis) / 1000.0));
		json.put("max_waiting_work", maxWaiting);
		bench.results.put("s4", json);
		bench.results.row("4", String.format("%,d timeouts due in one minute: lateness p50 / p99 / max (ms)", ids.size()),
				lateness.getValueAtPercentile(50) + " / " + lateness.getValueAtPercentile(99) + " / "
						+ lateness.getMaxValue(),
				"drain " + Results.fmt(drainRate) + " timeouts/s; last fired " + Results.fmt((lastFired - lastDue) / 1000)
						+ " s after the last was due; " + Results.fmt(cpuPerTimeout) + " ms CPU (app + database) per "
						+ "timeout while firing",
				"≤ 5 s p99: " + ((pending > 0) ? "**not met** (not all fired)"
						: CreateScenarios.met(lateness.getValueAtPercentile(99) <= 5000)), rows.size() + "/"
						+ ids.size() + " fired" + ((pending > 0) ? " (**" + pending + " not yet when the run's deadline came; "
								+ "counted at their lateness so far**)" : "") + "; copies of one API-created consultation, made in "
						+ Results.fmt(fixtureMillis / 1000.0) + " s (SQL fixture)" + ((count < configured)
								? String.format("; **%,d instead of %,d**, what the run's budget had left", count, configured)
								: ""));
		bench.results.row("5", "Sustained webhooks/s and emails/s (the timeouts' backlog)",
				Results.fmt(hookRate) + " / " + Results.fmt(mailRate),
				delivered.size() + " of " + ids.size() + " webhooks, " + emails + " emails, the last "
						+ Results.fmt((lastArrival - dueFromMillis) / 1000.0) + " s after the first was due"
						+ ((delivered.size() < ids.size() || emails < ids.size())
								? " when the run's deadline ended the wait" : ""),
				"", (pending == 0 && delivered.size() >= ids.size() && emails >= ids.size()) ? "every one delivered"
						: "**" + Math.max(0, ids.size() - delivered.size()) + " webhooks, "
								+ Math.max(0, ids.size() - emails) + " emails missing**");
	}

}
