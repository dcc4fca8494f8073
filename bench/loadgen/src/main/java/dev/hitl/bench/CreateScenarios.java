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

	Summary peerBest = Summary.single(Double.NaN);

	double rowsPerCreation;

	CreateScenarios(Bench bench) {
		this.bench = bench;
	}

	/** Scenario 1's creation rate, or BENCH_CREATE_RATE when it did not run. */
	double createRate() {
		return Double.isNaN(this.createBest.median()) ? this.bench.config.fallbackCreateRate()
				: this.createBest.median();
	}

	double r1Rate() {
		return Double.isNaN(this.r1Best.median()) ? this.bench.config.fallbackCreateRate() : this.r1Best.median();
	}

	double peerRate() {
		return Double.isNaN(this.peerBest.median()) ? this.bench.config.fallbackCreateRate() : this.peerBest.median();
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

	/** The peer's start: the same request as R1 against stock Camunda. */
	OpenLoop.Spec peerStartSpec() {
		return new OpenLoop.Spec("peer start", 1, this.bench.warmup(), this.bench.step(),
				() -> () -> this.bench.peer.status(this.bench.peer.engineStart(UUID.randomUUID().toString())),
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
		List<CompletableFuture<OpenLoop.Result>> runs = new ArrayList<>(List.of(
				CompletableFuture
					.supplyAsync(() -> OpenLoop.run(new OpenLoop.Spec("warm create", 10, length, Duration.ZERO,
							() -> this.bench.createOp("warm", "PT24H", null, (id) -> {
							}), (s) -> s == 201))),
				CompletableFuture.supplyAsync(() -> OpenLoop.run(engineStartSpec().withRate(10))),
				CompletableFuture.supplyAsync(() -> OpenLoop.run(trivialGetSpec(10, Duration.ZERO)))));
		if (this.bench.peer != null) {
			runs.add(CompletableFuture.supplyAsync(() -> OpenLoop.run(peerStartSpec().withRate(10))));
		}
		runs.forEach(CompletableFuture::join);
		this.bench.drain("warm-up");
	}

	/**
	 * Rows and WAL one creation writes, against R1 and the peer's start: pg_stat_user_tables
	 * deltas and the database's own WAL records (pg_waldump) over {@code n} requests sent
	 * one after another. The SMTP sink holds the email workers first, so the notification
	 * each creation triggers cannot run inside the window; its rows are counted after the
	 * sink lets go.
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
		Window createWal = Window.open(db);
		for (int i = 0; i < n; i++) {
			this.bench.answerPool.add(this.bench.createNow("count", "PT24H", null));
		}
		createWal.close();
		Bench.sleep(STATS_FLUSH_MILLIS);
		Map<String, long[]> afterCreates = db.rowCounters();
		Window startWal = Window.open(db);
		for (int i = 0; i < n; i++) {
			this.bench.service.sendJson(this.bench.service.engineStart(UUID.randomUUID().toString()), 200);
		}
		startWal.close();
		Map<String, long[]> peerStart = null;
		Window peerWal = null;
		if (this.bench.peer != null) {
			Map<String, long[]> peerBefore = this.bench.peerDb.rowCounters();
			peerWal = Window.open(this.bench.peerDb);
			for (int i = 0; i < n; i++) {
				this.bench.peer.sendJson(this.bench.peer.engineStart(UUID.randomUUID().toString()), 200);
			}
			peerWal.close();
			Bench.sleep(STATS_FLUSH_MILLIS);
			peerStart = Db.delta(peerBefore, this.bench.peerDb.rowCounters());
		}
		else {
			Bench.sleep(STATS_FLUSH_MILLIS);
		}
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
		double rowsPerPeerStart = (peerStart != null) ? Db.total(peerStart) / (double) n : Double.NaN;
		double walPerCreation = createWal.bytes() / (double) n;
		double walPerStart = startWal.bytes() / (double) n;
		double walPerPeerStart = (peerWal != null) ? peerWal.bytes() / (double) n : Double.NaN;
		long[] kinds = kinds(create);
		Bench.log(String.format("rows per creation %.1f (ins %.1f, upd %.1f, del %.1f); per engine start %.1f; "
				+ "per peer start %.1f; notification afterwards %.1f; WAL per creation %.0f, per engine start %.0f, "
				+ "per peer start %.0f bytes", this.rowsPerCreation, kinds[0] / (double) n, kinds[1] / (double) n,
				kinds[2] / (double) n, rowsPerStart, rowsPerPeerStart, followUpRows, walPerCreation, walPerStart,
				walPerPeerStart));
		Results results = this.bench.results;
		results.put("s1.rows.per_creation", Summary.round(this.rowsPerCreation));
		results.put("s1.rows.per_creation_by_kind", Map.of("insert", kinds[0] / (double) n, "update",
				kinds[1] / (double) n, "delete", kinds[2] / (double) n));
		results.put("s1.rows.per_creation_by_table", perTable(create, n));
		results.put("s1.rows.per_engine_start", Summary.round(rowsPerStart));
		results.put("s1.rows.per_engine_start_by_table", perTable(start, n));
		if (peerStart != null) {
			results.put("s1.rows.per_peer_start", Summary.round(rowsPerPeerStart));
			results.put("s1.rows.per_peer_start_by_table", perTable(peerStart, n));
		}
		results.put("s1.rows.notification_after_creation", Summary.round(followUpRows));
		results.put("s1.rows.method", "pg_stat_user_tables deltas over " + n + " sequential requests each, email "
				+ "workers held at the SMTP greeting so the notification's rows fall outside the window");
		results.put("s1.wal.per_creation_bytes", Math.round(walPerCreation));
		results.put("s1.wal.per_engine_start_bytes", Math.round(walPerStart));
		results.put("s1.wal.per_peer_start_bytes", Double.isNaN(walPerPeerStart) ? null : Math.round(walPerPeerStart));
		results.put("s1.wal.full_page_image_share",
				Map.of("creation", Summary.round(createWal.imageShare()), "engine_start",
						Summary.round(startWal.imageShare()), "peer_start",
						(peerWal != null) ? Summary.round(peerWal.imageShare()) : Double.NaN));
		long inserts = Math.round(kinds[0] / (double) n);
		long updates = Math.round((kinds[1] + kinds[2]) / (double) n);
		this.pgbench = Pgbench.prepare(db, this.bench.config.databaseName(), inserts, updates,
				Path.of(System.getProperty("java.io.tmpdir"), "hitl-bench-" + ProcessHandle.current().pid()));
		results.put("r3.script", Map.of("inserts", inserts, "updates", updates, "clients", 8));
		results.row("1", "Rows written per creation (HTTP request)", Results.fmt(this.rowsPerCreation),
				"R1 engine start: " + Results.fmt(rowsPerStart), Results.ratio(this.rowsPerCreation / rowsPerStart),
				"");
		if (peerStart != null) {
			results.row("1", "Rows written per creation vs peer start", Results.fmt(this.rowsPerCreation),
					"peer start: " + Results.fmt(rowsPerPeerStart),
					Results.ratio(this.rowsPerCreation / rowsPerPeerStart), "");
			results.row("1", "WAL per creation vs peer start (KiB, own database's records)",
					Results.fmt(walPerCreation / 1024), "peer start: " + Results.fmt(walPerPeerStart / 1024)
							+ "; R1: " + Results.fmt(walPerStart / 1024),
					Results.ratio(walPerCreation / walPerPeerStart), "");
		}
	}

	/**
	 * A stretch of WAL: positions noted before and after, the segments copied at once
	 * (before a checkpoint can recycle them), read back later for one database's records.
	 */
	private static final class Window {

		private final Db db;

		private final String from;

		private String to;

		private Path segments;

		private WalMeter.Bytes bytes;

		private Window(Db db) {
			this.db = db;
			this.from = db.walLsn();
		}

		static Window open(Db db) {
			return new Window(db);
		}

		void close() {
			this.to = this.db.walLsn();
			try {
				this.segments = WalMeter.copySegments(this.db, this.from, this.to);
			}
			catch (RuntimeException ex) {
				Bench.log("  WAL segments not copied: " + ex.getMessage());
			}
		}

		long bytes() {
			if (this.bytes == null && this.segments != null) {
				read();
			}
			return (this.bytes != null) ? this.bytes.database() : -1;
		}

		double imageShare() {
			return (this.bytes != null && this.bytes.database() > 0)
					? this.bytes.fullPageImages() / (double) this.bytes.database() : Double.NaN;
		}

		private void read() {
			try {
				this.bytes = WalMeter.between(this.db, this.segments, this.from, this.to);
			}
			catch (RuntimeException ex) {
				Bench.log("  WAL unknown: " + ex.getMessage());
			}
			finally {
				WalMeter.delete(this.segments);
				this.segments = null;
			}
		}

	}

	/**
	 * A discovery ladder for each kind brackets its limit with short steps; then fine
	 * ladders for creation (A), R1 (B), the peer's start (C) and pgbench (R3) alternate,
	 * {@code reps} times, each fine ladder starting where the previous one of its kind
	 * ended (the discovery's result for the first).
	 */
	void throughput() throws IOException {
		Bench bench = this.bench;
		boolean withPeer = bench.peer != null;
		if (this.pgbench == null) {
			// The row count did not run (BENCH_STAGES): the last full run's mix.
			this.pgbench = Pgbench.prepare(bench.db, bench.config.databaseName(), 40, 12,
					Path.of(System.getProperty("java.io.tmpdir"), "hitl-bench-" + ProcessHandle.current().pid()));
		}
		double target = bench.config.p99TargetMs();
		Duration shortStep = Duration.ofSeconds(Math.max(2, bench.config.stepSeconds() / 2));
		Bench.log("S1 discovery ladders");
		Ladder.Outcome createDiscovery = Ladder.climb(shorter(createSpec(), shortStep), 10, 1.5, 9, target,
				bench.backlog, bench.cpu);
		bench.drain("create discovery");
		Ladder.Outcome r1Discovery = Ladder.climb(shorter(engineStartSpec(), shortStep), 10, 1.5, 9, target,
				bench.backlog, bench.cpu);
		bench.drain("R1 discovery");
		Ladder.Outcome peerDiscovery = null;
		if (withPeer) {
			peerDiscovery = Ladder.climb(shorter(peerStartSpec(), shortStep), 10, 1.5, 9, target, bench.peerBacklog,
					bench.peerCpu);
			bench.peerBacklog.awaitDrained(120_000);
			bench.results.put("s1.discovery.peer", Results.json(peerDiscovery));
		}
		bench.results.put("s1.discovery.create", Results.json(createDiscovery));
		bench.results.put("s1.discovery.r1", Results.json(r1Discovery));
		List<Double> creates = new ArrayList<>();
		List<Double> starts = new ArrayList<>();
		List<Double> pgbenchTps = new ArrayList<>();
		List<Double> pgbenchLatency = new ArrayList<>();
		List<Double> createCpu = new ArrayList<>();
		List<Double> startCpu = new ArrayList<>();
		List<Double> peerStarts = new ArrayList<>();
		List<Double> peerCpu = new ArrayList<>();
		List<Double> createAppCpu = new ArrayList<>();
		List<Double> createDbCpu = new ArrayList<>();
		List<Double> peerAppCpu = new ArrayList<>();
		List<Double> peerDbCpu = new ArrayList<>();
		List<Object> reps = new ArrayList<>();
		int pgbenchSeconds = bench.config.stepSeconds() + bench.config.warmupSeconds();
		double createStart = fineStart(createDiscovery.best());
		double r1Start = fineStart(r1Discovery.best());
		double peerStart = withPeer ? fineStart(peerDiscovery.best()) : 0;
		for (int rep = 1; rep <= bench.config.reps(); rep++) {
			Bench.log("S1 repetition " + rep + ": create (A) from " + createStart + "/s, R1 (B) from " + r1Start
					+ "/s, " + (withPeer ? "peer start (C) from " + peerStart + "/s, " : "") + "pgbench (R3)");
			Ladder.Outcome a = Ladder.climb(createSpec(), createStart, FINE_FACTOR, 6, target, bench.backlog,
					bench.cpu);
			bench.drain("create");
			Ladder.Outcome b = Ladder.climb(engineStartSpec(), r1Start, FINE_FACTOR, 6, target, bench.backlog,
					bench.cpu);
			bench.drain("R1");
			Ladder.Outcome c = null;
			if (withPeer) {
				c = Ladder.climb(peerStartSpec(), peerStart, FINE_FACTOR, 6, target, bench.peerBacklog, bench.peerCpu);
				bench.peerBacklog.awaitDrained(120_000);
				peerStart = fineStart(c.best());
				peerStarts.add((c.best() > 0) ? c.best() : Double.NaN);
				peerCpu.add(c.cpuAtBest()[0] + c.cpuAtBest()[1]);
				peerAppCpu.add(c.cpuAtBest()[0]);
				peerDbCpu.add(c.cpuAtBest()[1]);
			}
			createStart = fineStart(a.best());
			r1Start = fineStart(b.best());
			Pgbench.Run r3 = this.pgbench.run(8, pgbenchSeconds);
			Bench.log(String.format("  R3 pgbench: %.0f tps, latency avg %.1f ms", r3.tps(), r3.latencyAvgMs()));
			// A ladder where no step held has no figure (n/a), not a rate of 0.
			creates.add((a.best() > 0) ? a.best() : Double.NaN);
			starts.add((b.best() > 0) ? b.best() : Double.NaN);
			pgbenchTps.add(r3.tps());
			pgbenchLatency.add(r3.latencyAvgMs());
			createCpu.add(a.cpuAtBest()[0] + a.cpuAtBest()[1]);
			createAppCpu.add(a.cpuAtBest()[0]);
			createDbCpu.add(a.cpuAtBest()[1]);
			startCpu.add(b.cpuAtBest()[0] + b.cpuAtBest()[1]);
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("create", Results.json(a));
			json.put("r1", Results.json(b));
			if (c != null) {
				json.put("peer", Results.json(c));
				json.put("peer_best", c.best());
			}
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
		if (withPeer) {
			this.peerBest = Summary.of(peerStarts);
			Summary peerCpuMs = Summary.of(peerCpu);
			double vsPeer = this.createBest.ratio(this.peerBest);
			double cpuVsPeer = createCpuMs.ratio(peerCpuMs);
			bench.results.put("peer.starts_per_s", this.peerBest.json());
			bench.results.put("peer.cpu_ms_per_op", peerCpuMs.json());
			bench.results.put("peer.cpu_app_ms_per_op", Summary.of(peerAppCpu).json());
			bench.results.put("peer.cpu_db_ms_per_op", Summary.of(peerDbCpu).json());
			bench.results.put("s1.create_cpu_app_ms_per_op", Summary.of(createAppCpu).json());
			bench.results.put("s1.create_cpu_db_ms_per_op", Summary.of(createDbCpu).json());
			bench.results.put("s1.ratio_to_peer", Summary.round(vsPeer));
			bench.results.put("s1.cpu_ratio_to_peer", Summary.round(cpuVsPeer));
			bench.results.row("1", "Creations/s at " + p99 + " vs peer start", this.createBest.text(),
					"peer `POST /engine-rest/process-definition/key/consultation/start` (stock Camunda): "
							+ this.peerBest.text() + "/s",
					Results.ratio(vsPeer), "≥ 1.0x peer: " + met(vsPeer >= 1.0));
			bench.results.row("1", "CPU ms per creation vs peer start, app + database (app / database)",
					createCpuMs.text() + " (" + Results.fmt(Summary.of(createAppCpu).median()) + " / "
							+ Results.fmt(Summary.of(createDbCpu).median()) + ")",
					"peer: " + peerCpuMs.text() + " (" + Results.fmt(Summary.of(peerAppCpu).median()) + " / "
							+ Results.fmt(Summary.of(peerDbCpu).median()) + ")",
					Results.ratio(cpuVsPeer), "≤ 1.2x peer: " + met(cpuVsPeer <= 1.2));
		}
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
