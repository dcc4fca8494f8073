package dev.hitl.bench;

import java.nio.file.Path;

/**
 * The run's settings, from the environment {@code bench/run} sets. {@code BENCH_QUICK=1}
 * shrinks every duration and size for a smoke run whose figures mean nothing.
 * {@code BENCH_DEADLINE_EPOCH} (seconds since the epoch, 0 for none) is when the run must
 * be over: the last scenario stops waiting for its backlog to drain then.
 */
record Config(String baseUrl, String jdbcUrl, String databaseName, String adminPassword, long appPid,
		Path outJson, Path outMarkdown, boolean quick, int hookPort, int smtpPort, int stepSeconds,
		int warmupSeconds, int reps, int readSeconds, double readRate, long stored, int timers,
		int lifecycleSeconds, double lifecycleRate, double p99TargetMs, long deadlineMillis, String notes,
		String peerBaseUrl, String peerJdbcUrl, long peerPid, java.util.Set<String> stages) {

	/**
	 * Every stage, in the order a full run takes them ({@code BENCH_STAGES} picks some);
	 * {@code profile} only runs when named.
	 */
	static final java.util.List<String> STAGES = java.util.List.of("rows", "s2", "s1", "s5", "s3", "s2large", "s6",
			"s7", "s4", "profile");

	/**
	 * The creation rate stages assume when scenario 1 did not run ({@code BENCH_STAGES}
	 * without s1): {@code BENCH_CREATE_RATE}, default 10/s.
	 */
	double fallbackCreateRate() {
		return Double.parseDouble(env("BENCH_CREATE_RATE", "10"));
	}

	/** Whether the stock Camunda peer runs beside the service ({@code BENCH_PEER_URL}). */
	boolean peer() {
		return !this.peerBaseUrl.isEmpty();
	}

	/** Whether this run takes the stage; the warm-up always runs. */
	boolean runs(String stage) {
		return (this.stages.isEmpty() && !stage.equals("profile")) || this.stages.contains(stage);
	}


	static Config fromEnvironment() {
		boolean quick = "1".equals(System.getenv("BENCH_QUICK"));
		return new Config(env("BENCH_BASE_URL", "http://127.0.0.1:18080"), required("BENCH_JDBC_URL"),
				required("BENCH_DB_NAME"), required("BENCH_ADMIN_PASSWORD"), Long.parseLong(env("BENCH_APP_PID", "0")),
				Path.of(required("BENCH_OUT_JSON")), Path.of(required("BENCH_OUT_MD")), quick,
				Integer.parseInt(env("BENCH_HOOK_PORT", "18081")), Integer.parseInt(env("BENCH_SMTP_PORT", "18025")),
				Integer.parseInt(env("BENCH_STEP_SECONDS", quick ? "3" : "5")),
				Integer.parseInt(env("BENCH_WARMUP_SECONDS", "1")),
				Integer.parseInt(env("BENCH_REPS", "3")), Integer.parseInt(env("BENCH_READ_SECONDS", quick ? "3" : "5")),
				Double.parseDouble(env("BENCH_READ_RATE", quick ? "100" : "200")),
				Long.parseLong(env("BENCH_STORED", quick ? "50000" : "1000000")),
				Integer.parseInt(env("BENCH_TIMERS", quick ? "500" : "10000")),
				Integer.parseInt(env("BENCH_LIFECYCLE_SECONDS", quick ? "30" : "300")),
				Double.parseDouble(env("BENCH_LIFECYCLE_RATE", "0")), Double.parseDouble(env("BENCH_P99_MS", "50")),
				Long.parseLong(env("BENCH_DEADLINE_EPOCH", "0")) * 1000, env("BENCH_NOTES", ""),
				env("BENCH_PEER_URL", ""), env("BENCH_PEER_JDBC_URL", ""), Long.parseLong(env("BENCH_PEER_PID", "0")),
				stages(env("BENCH_STAGES", "")));
	}

	private static java.util.Set<String> stages(String list) {
		java.util.Set<String> stages = new java.util.LinkedHashSet<>();
		for (String stage : list.split("[,\\s]+")) {
			if (stage.isBlank()) {
				continue;
			}
			if (!STAGES.contains(stage)) {
				throw new IllegalArgumentException("BENCH_STAGES: unknown stage " + stage + "; stages are " + STAGES);
			}
			stages.add(stage);
		}
		return stages;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

	private static String required(String name) {
		String value = System.getenv(name);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException(name + " is not set; run the benchmark with bench/run");
		}
		return value;
	}

	@Override
	public String toString() {
		return "quick=" + this.quick + " step=" + this.stepSeconds + "s+" + this.warmupSeconds + "s reps=" + this.reps
				+ " reads=" + this.readRate + "/s x " + this.readSeconds + "s stored=" + this.stored + " timers="
				+ this.timers + " lifecycle=" + this.lifecycleSeconds + "s p99 target=" + this.p99TargetMs + "ms deadline="
				+ ((this.deadlineMillis > 0) ? java.time.Instant.ofEpochMilli(this.deadlineMillis) : "none") + " peer="
				+ (peer() ? this.peerBaseUrl : "none") + " stages=" + (this.stages.isEmpty() ? "all" : this.stages);
	}

}
