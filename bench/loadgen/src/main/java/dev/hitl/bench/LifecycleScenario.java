package dev.hitl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 6, the whole lifecycle at a steady rate (create, answer two seconds later,
 * webhook and emails), and scenario 7, the service's memory afterwards.
 */
final class LifecycleScenario {

	private static final long ANSWER_DELAY_MILLIS = 2000;

	private final Bench bench;

	private final CreateScenarios creates;

	private final ReviewScenarios reviews;

	LifecycleScenario(Bench bench, CreateScenarios creates, ReviewScenarios reviews) {
		this.bench = bench;
		this.creates = creates;
		this.reviews = reviews;
	}

	private record Ready(long at, String id) {

	}

	void run() {
		Bench bench = this.bench;
		double rate = bench.config.lifecycleRate();
		if (rate <= 0) {
			// A rate both halves can hold at once, with a margin: creation and answering
			// share the same two cores.
			double create = this.creates.createBest.median();
			double answer = this.reviews.answerBest.median();
			double both = Math.floor(0.7 / (1 / create + 1 / answer));
			rate = Double.isNaN(both) ? 2 : Math.max(2, both);
		}
		int configured = bench.config.lifecycleSeconds();
		// On a host slower or busier than planned, the lifecycle gives up time (never
		// below two minutes) so that scenario 4 and the end of the run still fit into the
		// budget; the table says so.
		long spare = bench.millisLeft() / 1000 - TimerScenario.RESERVE_SECONDS - 150;
		int seconds = (int) Math.min(configured, Math.max(Math.min(configured, 120), spare));
		Bench.log(String.format("S6 lifecycle: %.0f/s for %d s%s", rate, seconds,
				(seconds < configured) ? " instead of " + configured + " to fit the run's budget" : ""));

		Map<String, long[]> rowsBefore = bench.db.rowCounters();
		String lsn = bench.db.walLsn();
		long started = System.currentTimeMillis();
		ConcurrentLinkedQueue<Ready> ready = new ConcurrentLinkedQueue<>();
		AtomicLong createdSoFar = new AtomicLong();
		// WAL is read back for a window in the middle, in steady state: pg_waldump over
		// the whole run would find the oldest segments recycled.
		long windowStart = Math.max(5, seconds * 2 / 5);
		long windowLength = Math.max(5, Math.min(60, seconds * 3 / 10));
		String[] window = new String[2];
		long[] windowCreated = new long[2];
		Path[] segments = new Path[1];
		String[] copyFailure = new String[1];
		ScheduledExecutorService marks = Executors.newSingleThreadScheduledExecutor();
		Db walDb = new Db(bench.config.jdbcUrl());
		marks.schedule(() -> {
			window[0] = walDb.walLsn();
			windowCreated[0] = createdSoFar.get();
		}, windowStart, TimeUnit.SECONDS);
		marks.schedule(() -> {
			window[1] = walDb.walLsn();
			windowCreated[1] = createdSoFar.get();
			try {
				segments[0] = WalMeter.copySegments(walDb, window[0], window[1]);
			}
			catch (RuntimeException ex) {
				copyFailure[0] = ex.getMessage();
			}
		}, windowStart + windowLength, TimeUnit.SECONDS);
		Set<String> answered = ConcurrentHashMap.newKeySet();
		Duration length = Duration.ofSeconds(seconds);
		double fixedRate = rate;
		CompletableFuture<OpenLoop.Result> create = CompletableFuture
			.supplyAsync(() -> OpenLoop.run(new OpenLoop.Spec("lifecycle create", fixedRate, Duration.ZERO, length,
					() -> bench.createOp("life", "PT24H", null, (id) -> {
						createdSoFar.incrementAndGet();
						ready.add(new Ready(System.currentTimeMillis() + ANSWER_DELAY_MILLIS, id));
					}),
					(s) -> s == 201)));
		CompletableFuture<OpenLoop.Result> respond = CompletableFuture
			.supplyAsync(() -> OpenLoop.run(new OpenLoop.Spec("lifecycle respond", fixedRate, Duration.ZERO, length,
					() -> {
						Ready head = ready.peek();
						if (head == null || head.at() > System.currentTimeMillis()) {
							return OpenLoop.SKIP;
						}
						ready.poll();
						answered.add(head.id());
						return () -> bench.service.status(bench.service.respond(head.id()));
					}, (s) -> s == 200)));
		OpenLoop.Result created = create.join();
		OpenLoop.Result responded = respond.join();
		long ended = System.currentTimeMillis();
		ReviewScenarios.Delivery delivery = this.reviews.awaitDeliveries(answered, "consultation.responded",
				120_000);
		bench.drain("lifecycle");
		Bench.sleep(CreateScenarios.STATS_FLUSH_MILLIS);
		Map<String, long[]> rows = Db.delta(rowsBefore, bench.db.rowCounters());
		long walBytes = bench.db.walBytesSince(lsn);
		marks.shutdown();
		WalMeter.Bytes wal = null;
		try {
			if (segments[0] == null) {
				throw new IllegalStateException("no WAL segments copied: " + copyFailure[0]);
			}
			wal = WalMeter.between(walDb, segments[0], window[0], window[1]);
		}
		catch (RuntimeException ex) {
			Bench.log("  WAL of the bench database unknown: " + ex.getMessage());
		}
		finally {
			WalMeter.delete(segments[0]);
		}
		try {
			walDb.close();
		}
		catch (Exception ex) {
			// closing a read-only helper connection
		}
		long windowConsultations = Math.max(1, windowCreated[1] - windowCreated[0]);
		double walPer = (wal != null) ? wal.database() / (double) windowConsultations : Double.NaN;
		double imagesShare = (wal != null && wal.database() > 0) ? wal.fullPageImages() / (double) wal.database()
				: Double.NaN;

		long createdOk = created.measured() - created.errors();
		long answeredOk = responded.measured() - responded.errors();
		long hooks = bench.hooks.arrivals().between(started, ended).size();
		long emails = bench.mail.arrivals().between(started, ended).size();
		double growth = bench.backlog.growthPerSecond(started + 30_000, ended);
		List<Backlog.Sample> samples = bench.backlog.between(started, ended);
		List<Object> everyFive = new ArrayList<>();
		long lastTaken = 0;
		long maxWaiting = 0;
		long maxLockedTasks = 0;
		long maxDueJobs = 0;
		for (Backlog.Sample sample : samples) {
			maxWaiting = Math.max(maxWaiting, sample.waiting());
			maxLockedTasks = Math.max(maxLockedTasks, sample.lockedTasks());
			maxDueJobs = Math.max(maxDueJobs, sample.dueJobs());
			if (sample.at() - lastTaken >= 5000) {
				lastTaken = sample.at();
				everyFive.add(List.of((sample.at() - started) / 1000, sample.dueJobs(), sample.lockedJobs(),
						sample.waitingTasks(), sample.lockedTasks()));
			}
		}
		double perCreated = Math.max(1, createdOk);
		// Held: every request succeeded, the service kept pace with the arrival rate (webhooks
		// included) and its waiting work stayed flat. Latency is reported beside it.
		double expected = rate * seconds;
		boolean held = created.errors() == 0 && responded.errors() == 0 && createdOk >= 0.97 * expected
				&& answeredOk >= 0.97 * expected && hooks >= 0.97 * answeredOk && growth <= Math.max(1, 0.05 * rate);
		boolean fast = created.p99() <= bench.config.p99TargetMs() && responded.p99() <= bench.config.p99TargetMs();
		Bench.log(String.format("  created %d, answered %d, webhooks %d, emails %d; create p99 %.1f, respond p99 %.1f "
				+ "ms; backlog %+.2f/s, max waiting %d; rows %.1f and WAL %.1f KiB per consultation", createdOk,
				answeredOk, hooks, emails, created.p99(), responded.p99(), growth, maxWaiting,
				Db.total(rows) / perCreated, walPer / 1024));

		Map<String, Object> json = new LinkedHashMap<>();
		json.put("rate", rate);
		json.put("seconds", seconds);
		json.put("create", Results.json(created));
		json.put("respond", Results.json(responded));
		json.put("delivery", delivery.json());
		json.put("created_per_s", Summary.round(createdOk / (double) seconds));
		json.put("answered_per_s", Summary.round(answeredOk / (double) seconds));
		json.put("webhooks_per_s", Summary.round(hooks / (double) seconds));
		json.put("emails_per_s", Summary.round(emails / (double) seconds));
		json.put("backlog_growth_per_s", Summary.round(growth));
		json.put("backlog_every_5s_columns", List.of("second", "due_jobs", "locked_jobs", "waiting_external_tasks",
				"locked_external_tasks"));
		json.put("backlog_every_5s", everyFive);
		json.put("rows_per_consultation", Summary.round(Db.total(rows) / perCreated));
		json.put("rows_by_table", rows.entrySet()
			.stream()
			.collect(LinkedHashMap::new, (map, e) -> map.put(e.getKey(), e.getValue()), Map::putAll));
		json.put("wal_bytes_per_consultation", Math.round(walPer));
		json.put("wal_window", Map.of("seconds", windowLength, "consultations_created", windowConsultations,
				"bench_database_bytes", (wal != null) ? wal.database() : -1, "full_page_image_bytes",
				(wal != null) ? wal.fullPageImages() : -1, "whole_server_bytes",
				(wal != null) ? wal.cluster() : -1));
		json.put("wal_whole_server_bytes_during_run", walBytes);
		json.put("held", held);
		json.put("p99_within_target", fast);
		bench.results.put("s6", json);
		bench.results.row("6", String.format("Full lifecycle at %s/s for %.1f min: created / answered / webhooks / emails per s",
				Results.fmt(rate), seconds / 60.0), String.format("%s / %s / %s / %s", Results.fmt(createdOk / (double) seconds),
						Results.fmt(answeredOk / (double) seconds), Results.fmt(hooks / (double) seconds),
						Results.fmt(emails / (double) seconds)),
				String.format("create p99 %s ms, answer p99 %s ms, webhook p50/p99 %s/%s ms", Results.fmt(created.p99()),
						Results.fmt(responded.p99()), Results.fmt(delivery.webhook().p50()),
						Results.fmt(delivery.webhook().p99())),
				"", (held ? "rate held" : "**rate not held**") + "; p99 " + (fast ? "within " : "**over** ")
						+ Results.fmt(bench.config.p99TargetMs()) + " ms" + ((seconds < configured)
								? String.format("; **%d s instead of %d s** to fit the run's budget", seconds, configured)
								: ""));
		bench.results.row("6", "Backlog sampled every 5 s: max due jobs / locked ext. tasks / waiting work",
				maxDueJobs + " / " + maxLockedTasks + " / " + maxWaiting,
				String.format("waiting work trend %+.2f/s", growth), "", "");
		bench.results.row("6", "Rows / WAL written per consultation (whole lifecycle)",
				Results.fmt(Db.total(rows) / perCreated) + " rows / " + Results.fmt(walPer / 1024) + " KiB",
				"rows: pg_stat_user_tables over the run; WAL: the bench database's records (pg_waldump) over "
						+ windowLength + " s in steady state, " + Results.fmt(imagesShare * 100)
						+ " % of it full-page images",
				"", "");
	}

	/** Scenario 7: heap from the service's metrics, RSS from the kernel. */
	void memory() {
		Bench bench = this.bench;
		java.net.http.HttpResponse<String> response = bench.service.send(bench.service.prometheus());
		String metrics = (response.statusCode() == 200) ? response.body() : "";
		double heapUsed = sum(metrics, "jvm_memory_used_bytes", "area=\"heap\"");
		double heapCommitted = sum(metrics, "jvm_memory_committed_bytes", "area=\"heap\"");
		double heapMax = sum(metrics, "jvm_memory_max_bytes", "area=\"heap\"");
		double nonHeap = sum(metrics, "jvm_memory_used_bytes", "area=\"nonheap\"");
		String source = "/actuator/prometheus";
		if (heapUsed == 0) {
			// No Prometheus registry in this build: ask the JVM itself.
			double[] heap = jcmdHeap(bench.config.appPid());
			heapUsed = heap[0];
			heapCommitted = heap[1];
			source = "jcmd GC.heap_info";
		}
		long rss = 0;
		long peak = 0;
		if (bench.config.appPid() > 0) {
			try {
				for (String line : Files.readAllLines(Path.of("/proc/" + bench.config.appPid() + "/status"))) {
					if (line.startsWith("VmRSS:")) {
						rss = kib(line);
					}
					else if (line.startsWith("VmHWM:")) {
						peak = kib(line);
					}
				}
			}
			catch (IOException ex) {
				Bench.log("cannot read the service's RSS: " + ex.getMessage());
			}
		}
		double mib = 1024 * 1024;
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("source", source);
		json.put("heap_used_mib", Summary.round(heapUsed / mib));
		json.put("heap_committed_mib", Summary.round(heapCommitted / mib));
		json.put("heap_max_mib", Summary.round(heapMax / mib));
		json.put("nonheap_used_mib", Summary.round(nonHeap / mib));
		json.put("rss_mib", Summary.round(rss / 1024.0));
		json.put("rss_peak_mib", Summary.round(peak / 1024.0));
		bench.results.put("s7", json);
		Bench.log(String.format("S7 memory: heap used %.0f of %.0f MiB committed; RSS %.0f MiB (peak %.0f)",
				heapUsed / mib, heapCommitted / mib, rss / 1024.0, peak / 1024.0));
		bench.results.row("7", "Heap used / committed after scenario 6 (MiB)",
				Results.fmt(heapUsed / mib) + " / " + Results.fmt(heapCommitted / mib),
				"RSS " + Results.fmt(rss / 1024.0) + " MiB (peak " + Results.fmt(peak / 1024.0) + "), non-heap "
						+ Results.fmt(nonHeap / mib) + " MiB, max heap " + Results.fmt(heapMax / mib) + " MiB",
				"", "");
	}

	/** Used and committed heap in bytes from {@code jcmd <pid> GC.heap_info}. */
	private static double[] jcmdHeap(long pid) {
		try {
			Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true)
				.start();
			String output = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			jcmd.waitFor(30, TimeUnit.SECONDS);
			java.util.regex.Matcher heap = java.util.regex.Pattern.compile("total (\\d+)K, used (\\d+)K")
				.matcher(output);
			if (heap.find()) {
				return new double[] { Long.parseLong(heap.group(2)) * 1024.0, Long.parseLong(heap.group(1)) * 1024.0 };
			}
		}
		catch (IOException ex) {
			Bench.log("jcmd failed: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return new double[] { Double.NaN, Double.NaN };
	}

	private static long kib(String statusLine) {
		return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
	}

	private static double sum(String metrics, String name, String label) {
		double total = 0;
		for (String line : metrics.split("\n")) {
			if (line.startsWith(name + "{") && line.contains(label)) {
				double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
				if (value > 0) {
					total += value;
				}
			}
		}
		return total;
	}

}
