package dev.hitl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * Where the CPU of one operation goes, the service's against the peer's, over the same
 * fixed-rate load: async-profiler (CPU samples with thread names, loaded into the running
 * JVM with {@code jcmd JVMTI.agent_load}) on the app during creations, then on the peer
 * during its starts, alternated; then answers against the peer's task completion. Beside
 * each profile: CPU per operation of the app and its database sessions, transactions per
 * operation, and per table the rows written and the scans (index and sequential) per
 * operation, which count the queries each table took. Only with {@code BENCH_STAGES}
 * naming {@code profile}; {@code BENCH_ASYNC_PROFILER} is the path of
 * {@code libasyncProfiler.so} (bench/run extracts it from Maven Central's
 * {@code tools.profiler:async-profiler}).
 */
final class ProfileScenario {

	private final Bench bench;

	private final CreateScenarios creates;

	private final ReviewScenarios reviews;

	private final Path library = Path.of(System.getenv().getOrDefault("BENCH_ASYNC_PROFILER", ""));

	private final Path out = Path.of(System.getenv().getOrDefault("BENCH_PROFILE_DIR", "bench/target/profiles"));

	private final double rate = Double.parseDouble(System.getenv().getOrDefault("BENCH_PROFILE_RATE", "6"));

	private final int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_PROFILE_SECONDS", "40"));

	private final String interval = System.getenv().getOrDefault("BENCH_PROFILE_INTERVAL", "2ms");

	ProfileScenario(Bench bench, CreateScenarios creates, ReviewScenarios reviews) {
		this.bench = bench;
		this.creates = creates;
		this.reviews = reviews;
	}

	void run() throws IOException {
		Files.createDirectories(this.out);
		Bench bench = this.bench;
		int reps = Integer.parseInt(System.getenv().getOrDefault("BENCH_PROFILE_REPS", "2"));
		Map<String, Object> json = new LinkedHashMap<>();
		for (int rep = 1; rep <= reps; rep++) {
			json.put("create_" + rep, window("create-" + rep, bench.config.appPid(), bench.db, bench.cpu,
					this.creates.createSpec(), bench.backlog));
			if (bench.peer != null) {
				json.put("peer_start_" + rep, window("peer-start-" + rep, bench.config.peerPid(), bench.peerDb,
						bench.peerCpu, this.creates.peerStartSpec(), bench.peerBacklog));
			}
		}
		ConcurrentLinkedDeque<String> peerTasks = new ConcurrentLinkedDeque<>(
				(bench.peer != null) ? bench.peerDb.strings("select id_ from act_ru_task order by create_time_")
						: List.of());
		Set<String> answered = ConcurrentHashMap.newKeySet();
		OpenLoop.Spec respond = new OpenLoop.Spec("respond (API)", 1, bench.warmup(), bench.step(),
				() -> this.reviews.respondOp(bench.answerPool, answered, 0), (s) -> s == 200);
		OpenLoop.Spec complete = new OpenLoop.Spec("peer task complete", 1, bench.warmup(), bench.step(), () -> {
			String id = peerTasks.poll();
			return (id == null) ? null : () -> bench.peer.status(bench.peer.completeTask(id));
		}, (s) -> s == 204);
		json.put("respond_1", window("respond-1", bench.config.appPid(), bench.db, bench.cpu, respond, bench.backlog));
		if (bench.peer != null) {
			json.put("peer_complete_1", window("peer-complete-1", bench.config.peerPid(), bench.peerDb, bench.peerCpu,
					complete, bench.peerBacklog));
		}
		bench.results.put("profile", json);
	}

	/** One profiled fixed-rate window, then the stats flush and a drain. */
	private Map<String, Object> window(String name, long pid, Db db, CpuMeter cpu, OpenLoop.Spec spec,
			Backlog backlog) {
		Bench.sleep(CreateScenarios.STATS_FLUSH_MILLIS);
		Map<String, long[]> rowsBefore = db.rowCounters();
		Map<String, long[]> scansBefore = db.scanCounters();
		long xactsBefore = db.number("select xact_commit + xact_rollback from pg_stat_database "
				+ "where datname = current_database()");
		boolean profiling = agent(pid, "start,event=cpu,interval=" + this.interval + ",threads");
		CpuMeter.Reading before = cpu.read();
		OpenLoop.Result result = OpenLoop.run(new OpenLoop.Spec(spec.name(), this.rate, Duration.ZERO,
				Duration.ofSeconds(this.seconds), spec.ops(), spec.ok()));
		double[] used = cpu.read().since(before);
		Path file = this.out.resolve(name + ".collapsed");
		if (profiling) {
			agent(pid, "stop,collapsed,file=" + file.toAbsolutePath());
		}
		Bench.sleep(CreateScenarios.STATS_FLUSH_MILLIS);
		long ops = Math.max(1, result.sent() - result.errors());
		Map<String, long[]> rows = Db.delta(rowsBefore, db.rowCounters());
		Map<String, long[]> scans = Db.delta(scansBefore, db.scanCounters());
		long xacts = db.number("select xact_commit + xact_rollback from pg_stat_database "
				+ "where datname = current_database()") - xactsBefore;
		backlog.awaitDrained(120_000);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("rate", this.rate);
		json.put("seconds", this.seconds);
		json.put("ops", ops);
		json.put("errors", result.errors());
		json.put("p50_ms", Summary.round(result.p50()));
		json.put("p99_ms", Summary.round(result.p99()));
		json.put("cpu_app_ms_per_op", Summary.round(used[0] / ops));
		json.put("cpu_db_ms_per_op", Summary.round(used[1] / ops));
		json.put("xacts_per_op", Summary.round(xacts / (double) ops));
		json.put("rows_per_op", Summary.round(Db.total(rows) / (double) ops));
		Map<String, Object> perTable = new java.util.TreeMap<>();
		for (String table : new java.util.TreeSet<>(java.util.stream.Stream.concat(rows.keySet().stream(),
				scans.keySet().stream()).toList())) {
			long[] r = rows.getOrDefault(table, new long[3]);
			long[] s = scans.getOrDefault(table, new long[2]);
			perTable.put(table, String.format(java.util.Locale.ROOT, "ins %.2f upd %.2f del %.2f; idx scans %.2f seq %.2f",
					r[0] / (double) ops, r[1] / (double) ops, r[2] / (double) ops, s[0] / (double) ops,
					s[1] / (double) ops));
		}
		json.put("per_table_per_op", perTable);
		json.put("profile", profiling ? file.toString() : "not profiled");
		Bench.log(String.format("  %s: %d ops, p99 %.1f ms, cpu %.1f + %.1f ms/op, %.1f xacts/op, %.1f rows/op -> %s",
				name, ops, result.p99(), used[0] / ops, used[1] / ops, xacts / (double) ops,
				Db.total(rows) / (double) ops, profiling ? file : "no profile"));
		try {
			Files.writeString(this.out.resolve(name + ".json"),
					Service.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			Bench.log("  cannot write " + name + ".json: " + ex.getMessage());
		}
		return json;
	}

	/** Runs an async-profiler command in the JVM {@code pid}. */
	private boolean agent(long pid, String command) {
		if (!Files.isRegularFile(this.library) || pid <= 0) {
			return false;
		}
		try {
			// jcmd parses name=value pairs itself: the agent's options go as one quoted word.
			Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "JVMTI.agent_load",
					this.library.toAbsolutePath().toString(), "\"" + command + "\"")
				.redirectErrorStream(true)
				.start();
			String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			jcmd.waitFor(60, TimeUnit.SECONDS);
			if (!output.contains("return code: 0")) {
				Bench.log("  async-profiler " + command + ": " + output.strip());
				return false;
			}
			return true;
		}
		catch (IOException ex) {
			Bench.log("  jcmd failed: " + ex.getMessage());
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
