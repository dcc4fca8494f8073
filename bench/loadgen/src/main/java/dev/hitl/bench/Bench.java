package dev.hitl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs every scenario of the benchmark against a running service and writes the result
 * files. {@code bench/run} builds and starts the service; this program only sends load
 * to loopback, reads the bench database and receives the service's webhooks and emails.
 */
public final class Bench {

	static final String OWNER = "bench-agent";

	private static final long START = System.currentTimeMillis();

	final Config config = Config.fromEnvironment();

	final Results results = new Results();

	final Service service = new Service(this.config.baseUrl(), this.config.adminPassword());

	final Db db = new Db(this.config.jdbcUrl());

	final Backlog backlog = new Backlog(this.config.jdbcUrl());

	final CpuMeter cpu = new CpuMeter(this.config.appPid(), new Db(this.config.jdbcUrl()));

	/** The stock Camunda peer, its database, queues and CPU; null without a peer. */
	final Service peer;

	final Db peerDb;

	final Backlog peerBacklog;

	final CpuMeter peerCpu;

	final WebhookReceiver hooks;

	final SmtpSink mail;

	/** Consultations created with a callback and still pending: work for answers. */
	final ConcurrentLinkedDeque<String> answerPool = new ConcurrentLinkedDeque<>();

	private final AtomicLong sequence = new AtomicLong();

	private final List<String> processSnapshots = new ArrayList<>();

	private final Map<String, Long> stageSeconds = new LinkedHashMap<>();

	private Bench() throws IOException {
		boolean withPeer = this.config.peer();
		this.peer = withPeer ? Service.peer(this.config.peerBaseUrl()) : null;
		this.peerDb = withPeer ? new Db(this.config.peerJdbcUrl()) : null;
		// The peer has no workers: its external tasks wait forever by design, so only its
		// jobs count as work it leaves behind.
		this.peerBacklog = withPeer ? new Backlog(this.config.peerJdbcUrl(), false) : null;
		this.peerCpu = withPeer ? new CpuMeter(this.config.peerPid(), new Db(this.config.peerJdbcUrl())) : null;
		this.hooks = new WebhookReceiver(this.config.hookPort());
		this.mail = new SmtpSink(this.config.smtpPort());
	}

	public static void main(String[] args) throws Exception {
		Bench bench = new Bench();
		try {
			if (args.length > 0 && args[0].equals("probe")) {
				bench.probe(args);
			}
			else {
				bench.run();
			}
		}
		finally {
			bench.close();
		}
		System.exit(0);
	}

	private void run() throws Exception {
		log("config " + this.config);
		setUp();
		snapshotProcesses("start");
		CreateScenarios creates = new CreateScenarios(this);
		ReadScenarios reads = new ReadScenarios(this, creates);
		ReviewScenarios reviews = new ReviewScenarios(this, creates);
		LifecycleScenario lifecycle = new LifecycleScenario(this, creates, reviews);
		stage("warm-up", creates::warmUp);
		stage("rows", "rows and WAL per creation", creates::countRows);
		stage("s2", "S2 reads at 10,000 stored", () -> {
			reads.fillTo(10_000);
			reads.measure("stored_10k");
		});
		stage("s1", "S1 creation, R1, peer, R3", creates::throughput);
		stage("s5", "S5 delivery idle", reviews::deliveryIdle);
		stage("s3", "S3 answers", reviews::answers);
		snapshotProcesses("middle");
		stage("s2large", "S2 reads at " + String.format(java.util.Locale.ROOT, "%,d", this.config.stored()) + " stored",
				() -> {
					reads.fillTo(this.config.stored());
					reads.measure("stored_large");
				});
		stage("profile", "profiles of creation, answer and the peer's counterparts",
				() -> new ProfileScenario(this, creates, reviews).run());
		stage("s6", "S6 lifecycle", lifecycle::run);
		stage("s7", "S7 memory", lifecycle::memory);
		snapshotProcesses("end");
		// Last: its backlog of thousands of webhooks and emails is the one wait the run's
		// deadline may cut short, and nothing measured comes after it.
		stage("s4", "S4 timers, with S3 list and S5 delivery under creation load",
				() -> new TimerScenario(this, creates, reviews).run());
		write();
	}

	private interface Stage {

		void run() throws Exception;

	}

	/** A stage {@code BENCH_STAGES} may leave out. */
	private void stage(String key, String name, Stage stage) throws Exception {
		if (this.config.runs(key)) {
			stage(name, stage);
		}
		else {
			log("== " + name + ": left out (BENCH_STAGES)");
		}
	}

	private void stage(String name, Stage stage) throws Exception {
		long started = System.currentTimeMillis();
		log("== " + name);
		stage.run();
		long seconds = Math.round((System.currentTimeMillis() - started) / 1000.0);
		this.stageSeconds.put(name, seconds);
		log("== " + name + " took " + seconds + " s");
	}

	/** Milliseconds left until the run's deadline (a day when it has none). */
	long millisLeft() {
		return (this.config.deadlineMillis() > 0) ? this.config.deadlineMillis() - System.currentTimeMillis()
				: 86_400_000L;
	}

	/**
	 * A single fixed-rate run for tuning work: {@code probe create|r1|peer|r2|respond rate
	 * seconds [repeat]}, printing latency and CPU per request.
	 */
	private void probe(String[] args) {
		setUp();
		CreateScenarios creates = new CreateScenarios(this);
		ReviewScenarios reviews = new ReviewScenarios(this, creates);
		double rate = Double.parseDouble(args[2]);
		Duration measure = Duration.ofSeconds(Long.parseLong(args[3]));
		int repeat = (args.length > 4) ? Integer.parseInt(args[4]) : 1;
		OpenLoop.Spec spec = switch (args[1]) {
			case "create" -> creates.createSpec();
			case "r1" -> creates.engineStartSpec();
			case "peer" -> creates.peerStartSpec();
			case "r2" -> creates.trivialGetSpec(rate, measure);
			case "respond" -> new OpenLoop.Spec("respond", rate, warmup(), measure,
					() -> reviews.respondOp(this.answerPool, java.util.concurrent.ConcurrentHashMap.newKeySet(), 0),
					(s) -> s == 200);
			default -> throw new IllegalArgumentException(args[1]);
		};
		spec = new OpenLoop.Spec(spec.name(), rate, warmup(), measure, spec.ops(), spec.ok());
		if (args[1].equals("respond")) {
			// Consultations to answer, created first at a rate the service holds.
			long needed = (long) Math.ceil(rate * (measure.toSeconds() + warmup().toSeconds()) * repeat * 1.2);
			OpenLoop.Spec create = creates.createSpec();
			OpenLoop.run(new OpenLoop.Spec("fill", 20, Duration.ofSeconds(1), Duration.ofSeconds(needed / 20 + 1),
					create.ops(), create.ok()));
			drain("fill");
		}
		boolean onPeer = args[1].equals("peer");
		for (int i = 0; i < repeat; i++) {
			Ladder.climb(spec, rate, 1, 1, 1e9, onPeer ? this.peerBacklog : this.backlog, onPeer ? this.peerCpu : this.cpu);
		}
	}

	private void setUp() {
		long deadline = System.currentTimeMillis() + 300_000;
		while (!this.service.ready()) {
			if (System.currentTimeMillis() > deadline) {
				throw new IllegalStateException("The service did not get ready at " + this.config.baseUrl());
			}
			sleep(1000);
		}
		while (this.peer != null && !this.peer.peerReady()) {
			if (System.currentTimeMillis() > deadline) {
				throw new IllegalStateException("The peer did not get ready at " + this.config.peerBaseUrl());
			}
			sleep(1000);
		}
		this.service.useApiKey(this.service.createApiKey(OWNER));
		this.service.ensureUser(Service.REVIEWER, "reviewer@bench.local", "reviewers");
		this.service.ensureUser(Service.LISTER, null, Service.TEAM);
		this.results.put("environment.base_url", this.config.baseUrl());
		this.results.put("environment.database", this.config.databaseName());
		this.results.put("environment.quick", this.config.quick());
		this.results.put("environment.cpus", Runtime.getRuntime().availableProcessors());
		this.results.put("environment.postgres", this.db.string("select version()"));
		this.results.put("environment.notes", this.config.notes());
		if (this.peer != null) {
			this.results.put("environment.peer_database", this.peerDb.string("select current_database()"));
		}
		log("service " + ((this.peer != null) ? "and peer " : "") + "ready; API key, reviewer " + Service.REVIEWER + " and lister " + Service.LISTER + " set up");
	}

	// --- helpers the scenarios share ---

	/** A consultation body as an agent would send it, with a callback to the receiver. */
	String consultationBody(String refPrefix, String timeout, String reviewersJson) {
		long n = this.sequence.incrementAndGet();
		return "{\"title\":\"Refund order " + n + " for 89 EUR?\","
				+ "\"description\":\"The customer returned the parcel damaged. **Refund** in full?\","
				+ "\"context\":{\"order\":" + n + ",\"amount\":89.5,\"currency\":\"EUR\",\"items\":[\"kettle\",\"mug\"]},"
				+ "\"priority\":\"normal\",\"timeout\":\"" + timeout + "\",\"callback_url\":\"" + this.hooks.url()
				+ "\",\"external_ref\":\"" + refPrefix + "-" + n + "\""
				+ ((reviewersJson != null) ? ",\"reviewers\":" + reviewersJson : "") + "}";
	}

	/** Creates a consultation and hands its id over once created. */
	OpenLoop.Op createOp(String refPrefix, String timeout, String reviewersJson, Consumer<String> onCreated) {
		String body = consultationBody(refPrefix, timeout, reviewersJson);
		return () -> this.service.json(this.service.create(body), (json) -> onCreated.accept(json.get("id").asText()));
	}

	String createNow(String refPrefix, String timeout, String reviewersJson) {
		return this.service
			.sendJson(this.service.create(consultationBody(refPrefix, timeout, reviewersJson)), 201)
			.get("id")
			.asText();
	}

	Duration warmup() {
		return Duration.ofSeconds(this.config.warmupSeconds());
	}

	Duration step() {
		return Duration.ofSeconds(this.config.stepSeconds());
	}

	void drain(String after) {
		drain(after, 120_000);
	}

	void drain(String after, long maxMillis) {
		long waited = this.backlog.awaitDrained(maxMillis);
		log("  drained after " + after + " in " + waited + " ms");
	}

	static void log(String message) {
		System.out.printf("%s [%5ds, load %s] %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
				(System.currentTimeMillis() - START) / 1000, loadAverage(), message);
		System.out.flush();
	}

	static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return parts[0] + " " + parts[1] + " " + parts[2];
		}
		catch (IOException ex) {
			return "?";
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** What else ran on the machine: the busiest processes that are not this run's. */
	private void snapshotProcesses(String when) {
		try {
			Process ps = new ProcessBuilder("ps", "-eo", "pcpu,etimes,args", "--sort=-pcpu").redirectErrorStream(true)
				.start();
			List<String> lines = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
				.skip(1)
				.limit(8)
				.map((line) -> line.length() > 160 ? line.substring(0, 160) : line)
				.toList();
			ps.waitFor();
			this.processSnapshots.add("At " + when + " (load " + loadAverage() + "):\n" + String.join("\n", lines));
			this.results.put("environment.load_" + when, loadAverage());
		}
		catch (IOException ex) {
			this.processSnapshots.add("At " + when + ": ps failed: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void write() throws IOException {
		long seconds = (System.currentTimeMillis() - START) / 1000;
		this.results.put("environment.loadgen_seconds", seconds);
		Map<String, Object> receivers = new LinkedHashMap<>();
		receivers.put("webhooks", this.hooks.arrivals().count());
		receivers.put("webhook_duplicates", this.hooks.arrivals().duplicates());
		receivers.put("emails", this.mail.arrivals().count());
		this.results.put("receivers", receivers);
		this.results.put("environment.stage_seconds", this.stageSeconds);
		StringBuilder stages = new StringBuilder("| Stage | Seconds |\n|---|---|\n");
		this.stageSeconds.forEach((name, took) -> stages.append("| ").append(name).append(" | ").append(took).append(" |\n"));
		stages.append("| loadgen in all (with set-up and writing) | ").append(seconds).append(" |\n");
		this.results.section("Time per stage", stages.toString());
		this.results.section("What else was running",
				"Busiest processes by CPU share over their lifetime (ps), including the service (java -jar) and "
						+ "PostgreSQL:\n\n```\n" + String.join("\n\n", this.processSnapshots) + "\n```");
		String intro = "Run of " + Instant.ofEpochMilli(START).truncatedTo(ChronoUnit.SECONDS) + " on "
				+ Runtime.getRuntime().availableProcessors() + " cores, "
				+ (this.config.quick() ? "**quick smoke mode (figures not comparable)**" : "full mode") + ", loadgen "
				+ seconds + " s. " + this.config.notes() + "\n\nEvery rate is open-loop (fixed arrival rate, latency from "
				+ "the intended start). Ratios divide medians of A and B phases alternated in the same run. See "
				+ "bench/README.md for how to read this.";
		this.results.write(this.config.outJson(), this.config.outMarkdown(), "HITL Orchestrator benchmark", intro);
		log("wrote " + this.config.outMarkdown() + " and " + this.config.outJson());
	}

	private void close() {
		try {
			this.backlog.close();
			this.db.close();
			if (this.peer != null) {
				this.peerBacklog.close();
				this.peerDb.close();
			}
		}
		catch (Exception ex) {
			log("closing: " + ex.getMessage());
		}
		this.hooks.close();
		try {
			this.mail.close();
		}
		catch (IOException ex) {
			log("closing SMTP sink: " + ex.getMessage());
		}
	}

}
