package dev.hitl.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Scenario 1, creation, against R1 (the engine's bare REST start) and R3 (pgbench writing
 * as many rows per transaction as one creation); also the warm-up and the row count both
 * references are sized by.
 */
final class CreateScenarios {

	/**
	 * A busy session reports its table counters to pg_stat_user_tables at most every 10 s
	 * (PostgreSQL 15's PGSTAT_IDLE_INTERVAL), so every reading waits that long.
	 */
	static final long STATS_FLUSH_MILLIS = 11_000;

	private final Bench bench;

	private Pgbench pgbench;

	Summary createBest = Summary.single(Double.NaN);

	Summary r1Best = Summary.single(Double.NaN);

	double rowsPerCreation;

	CreateScenarios(Bench bench) {
		this.bench = bench;
	}

	OpenLoop.Spec createSpec() {
		return new OpenLoop.Spec("create", 1, this.bench.warmup(), this.bench.step(),
				() -> this.bench.createOp("s1", "PT24H", null, this.bench.answerPool::add), (s) -> s == 201);
	}

	OpenLoop.Spec engineStartSpec() {
		return new OpenLoop.Spec("R1 engine start", 1, this.bench.warmup(), this.bench.step(),
				() -> () -> this.bench.service.status(this.bench.service.engineStart(UUID.randomUUID().toString())),
				(s) -> s == 200);
	}

	OpenLoop.Spec trivialGetSpec(double rate, Duration measure) {
		return new OpenLoop.Spec("R2 trivial GET", rate, this.bench.warmup(), measure,
				() -> () -> this.bench.service.status(this.bench.service.trivialGet()), (s) -> s == 200);
	}

	/** JIT, connection pools and caches warm before anything is measured. */
	void warmUp() {
		int seconds = this.bench.config.quick() ? 6 : 20;
		Bench.log("warm-up: creations, engine starts and GETs at 10/s each for " + seconds + " s");
		Duration length = Duration.ofSeconds(seconds);
		List<CompletableFuture<OpenLoop.Result>> runs = List.of(
				CompletableFuture
					.supplyAsync(() -> OpenLoop.run(new OpenLoop.Spec("warm create", 10, length, Duration.ZERO,
							() -> this.bench.createOp("warm", "PT24H", null, (id) -> {
							}), (s) -> s == 201))),
				CompletableFuture.supplyAsync(() -> OpenLoop.run(engineStartSpec().withRate(10))),
				CompletableFuture.supplyAsync(() -> OpenLoop.run(trivialGetSpec(10, Duration.ZERO))));
		runs.forEach(CompletableFuture::join);
		this.bench.drain("warm-up");
	}

	/**
	 * Rows one creation writes, from pg_stat_user_tables deltas. The SMTP sink holds the
	 * email workers first, so the notification each creation triggers cannot run inside
	 * the window; its rows are counted after the sink lets go.
	 */
	void countRows() throws IOException {
		int n = this.bench.config.quick() ? 20 : 50;
		Db db = this.bench.db;
		this.bench.mail.pause();
		for (int i = 0; i < 3; i++) {
			this.bench.createNow("plug", "PT24H", null);
		}
		long deadline = System.currentTimeMillis() + 30_000;
		while (db.backlog().lockedTasks() < 2 && System.currentTimeMillis() < deadline) {
			Bench.sleep(200);
		}
		Bench.sleep(STATS_FLUSH_MILLIS);
		Map<String, long[]> before = db.rowCounters();
		for (int i = 0; i < n; i++) {
			this.bench.answerPool.add(this.bench.createNow("count", "PT24H", null));
		}
		Bench.sleep(STATS_FLUSH_MILLIS);
		Map<String, long[]> afterCreates = db.rowCounters();
		for (int i = 0; i < n; i++) {
			this.bench.service.sendJson(this.bench.service.engineStart(UUID.randomUUID().toString()), 200);
		}
		Bench.sleep(STATS_FLUSH_MILLIS);
		Map<String, long[]> afterStarts = db.rowCounters();
		this.bench.mail.resume();
		this.bench.drain("row count");
		Bench.sleep(STATS_FLUSH_MILLIS);
		Map<String, long[]> drained = db.rowCounters();

		Map<String, long[]> create = Db.delta(before, afterCreates);
		Map<String, long[]> start = Db.delta(afterCreates, afterStarts);
		Map<String, long[]> followUp = Db.delta(afterStarts, drained);
		this.rowsPerCreation = Db.total(create) / (double) n;
		double rowsPerStart = Db.total(start) / (double) n;
		double followUpRows = Db.total(followUp) / (double) (2 * n + 3);
		long[] kinds = kinds(create);
		Bench.log(String.format("rows per creation %.1f (ins %.1f, upd %.1f, del %.1f); per engine start %.1f; "
				+ "notification afterwards %.1f", this.rowsPerCreation, kinds[0] / (double) n, kinds[1] / (double) n,
				kinds[2] / (double) n, rowsPerStart, followUpRows));
		Results results = this.bench.results;
		results.put("s1.rows.per_creation", Summary.round(this.rowsPerCreation));
		results.put("s1.rows.per_creation_by_kind", Map.of("insert", kinds[0] / (double) n, "update",
				kinds[1] / (double) n, "delete", kinds[2] / (double) n));
		results.put("s1.rows.per_creation_by_table", perTable(create, n));
		results.put("s1.rows.per_engine_start", Summary.round(rowsPerStart));
		results.put("s1.rows.per_engine_start_by_table", perTable(start, n));
		results.put("s1.rows.notification_after_creation", Summary.round(followUpRows));
		results.put("s1.rows.method", "pg_stat_user_tables deltas over " + n + " sequential requests each, email "
				+ "workers held at the SMTP greeting so the notification's rows fall outside the window");
		long inserts = Math.round(kinds[0] / (double) n);
		long updates = Math.round((kinds[1] + kinds[2]) / (double) n);
		this.pgbench = Pgbench.prepare(db, this.bench.config.databaseName(), inserts, updates,
				Path.of(System.getProperty("java.io.tmpdir"), "hitl-bench-" + ProcessHandle.current().pid()));
		results.put("r3.script", Map.of("inserts", inserts, "updates", updates, "clients", 8));
		results.row("1", "Rows written per creation (HTTP request)", Results.fmt(this.rowsPerCreation),
				"R1 engine start: " + Results.fmt(rowsPerStart), Results.ratio(this.rowsPerCreation / rowsPerStart),
				"");
	}

	/**
	 * A discovery ladder for each kind brackets its limit with short steps; then fine
	 * ladders for creation (A), R1 (B) and pgbench (R3) alternate, {@code reps} times,
	 * each fine ladder starting where the previous one of its kind ended (the discovery's
	 * result for the first).
	 */
	void throughput() {
		Bench bench = this.bench;
		double target = bench.config.p99TargetMs();
		Duration shortStep = Duration.ofSeconds(Math.max(2, bench.config.stepSeconds() / 2));
		Bench.log("S1 discovery ladders");
		Ladder.Outcome createDiscovery = Ladder.climb(shorter(createSpec(), shortStep), 10, 1.5, 9, target,
				bench.backlog, bench.cpu);
		bench.drain("create discovery");
		Ladder.Outcome r1Discovery = Ladder.climb(shorter(engineStartSpec(), shortStep), 10, 1.5, 9, target,
				bench.backlog, bench.cpu);
		bench.drain("R1 discovery");
		bench.results.put("s1.discovery.create", Results.json(createDiscovery));
		bench.results.put("s1.discovery.r1", Results.json(r1Discovery));
		List<Double> creates = new ArrayList<>();
		List<Double> starts = new ArrayList<>();
		List<Double> pgbenchTps = new ArrayList<>();
		List<Double> pgbenchLatency = new ArrayList<>();
		List<Double> createCpu = new ArrayList<>();
		List<Double> startCpu = new ArrayList<>();
		List<Object> reps = new ArrayList<>();
		int pgbenchSeconds = bench.config.stepSeconds() + bench.config.warmupSeconds();
		double createStart = fineStart(createDiscovery.best());
		double r1Start = fineStart(r1Discovery.best());
		for (int rep = 1; rep <= bench.config.reps(); rep++) {
			Bench.log("S1 repetition " + rep + ": create (A) from " + createStart + "/s, R1 (B) from " + r1Start
					+ "/s, pgbench (R3)");
			Ladder.Outcome a = Ladder.climb(createSpec(), createStart, FINE_FACTOR, 6, target, bench.backlog,
					bench.cpu);
			bench.drain("create");
			Ladder.Outcome b = Ladder.climb(engineStartSpec(), r1Start, FINE_FACTOR, 6, target, bench.backlog,
					bench.cpu);
			bench.drain("R1");
			createStart = fineStart(a.best());
			r1Start = fineStart(b.best());
			Pgbench.Run r3 = this.pgbench.run(8, pgbenchSeconds);
			Bench.log(String.format("  R3 pgbench: %.0f tps, latency avg %.1f ms", r3.tps(), r3.latencyAvgMs()));
			creates.add(a.best());
			starts.add(b.best());
			pgbenchTps.add(r3.tps());
			pgbenchLatency.add(r3.latencyAvgMs());
			createCpu.add(a.cpuAtBest()[0] + a.cpuAtBest()[1]);
			startCpu.add(b.cpuAtBest()[0] + b.cpuAtBest()[1]);
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("create", Results.json(a));
			json.put("r1", Results.json(b));
			json.put("r3", Map.of("tps", r3.tps(), "latency_avg_ms", r3.latencyAvgMs()));
			json.put("create_best", a.best());
			json.put("r1_best", b.best());
			reps.add(json);
		}
		this.createBest = Summary.of(creates);
		this.r1Best = Summary.of(starts);
		Summary r3 = Summary.of(pgbenchTps);
		Summary createCpuMs = Summary.of(createCpu);
		Summary startCpuMs = Summary.of(startCpu);
		bench.results.put("s1.repetitions", reps);
		bench.results.put("s1.create_per_s", this.createBest.json());
		bench.results.put("s1.create_cpu_ms_per_op", createCpuMs.json());
		bench.results.put("r1.starts_per_s", this.r1Best.json());
		bench.results.put("r1.cpu_ms_per_op", startCpuMs.json());
		bench.results.put("r3.tps", r3.json());
		bench.results.put("r3.latency_avg_ms", Summary.of(pgbenchLatency).json());
		double vsR1 = this.createBest.ratio(this.r1Best);
		double vsR3 = this.createBest.ratio(r3);
		bench.results.put("s1.ratio_to_r1", Summary.round(vsR1));
		bench.results.put("s1.ratio_to_r3", Summary.round(vsR3));
		String p99 = "p99 ≤ " + Results.fmt(target) + " ms";
		bench.results.row("1", "Creations/s at " + p99 + ", backlog flat", this.createBest.text(),
				"R1 engine REST start: " + this.r1Best.text() + "/s", Results.ratio(vsR1),
				"≥ 0.75x R1: " + met(vsR1 >= 0.75));
		bench.results.row("1", "Creations/s (as above)", this.createBest.text(),
				"R3 pgbench, 8 clients: " + r3.text() + " tps", Results.ratio(vsR3), "≥ 0.10x R3: " + met(vsR3 >= 0.10));
		bench.results.row("1", "CPU ms per creation, app + database (at the best step)", createCpuMs.text(),
				"R1: " + startCpuMs.text(), Results.ratio(createCpuMs.ratio(startCpuMs)), "");
	}

	private static OpenLoop.Spec shorter(OpenLoop.Spec spec, Duration measure) {
		return new OpenLoop.Spec(spec.name(), spec.rate(), Duration.ofSeconds(1), measure, spec.ops(), spec.ok());
	}

	/** Steps of the fine ladders: 10 %, about what one rate differs from the next run's. */
	static final double FINE_FACTOR = 1.1;

	/** Where a fine ladder starts: at the last result; one that fails steps down. */
	static double fineStart(double lastBest) {
		return Math.max(5, lastBest);
	}

	static String met(boolean met) {
		return met ? "**met**" : "**not met**";
	}

	private static long[] kinds(Map<String, long[]> delta) {
		long[] kinds = new long[3];
		delta.values().forEach((d) -> {
			kinds[0] += d[0];
			kinds[1] += d[1];
			kinds[2] += d[2];
		});
		return kinds;
	}

	private static Map<String, Object> perTable(Map<String, long[]> delta, int n) {
		Map<String, Object> tables = new LinkedHashMap<>();
		delta.forEach((table, d) -> tables.put(table, String.format(java.util.Locale.ROOT, "ins %.2f upd %.2f del %.2f",
				d[0] / (double) n, d[1] / (double) n, d[2] / (double) n)));
		return tables;
	}

}
