package dev.hitl.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.HdrHistogram.Histogram;

/**
 * Scenario 3 (reviewer list under create load, answers against the engine's bare task
 * completion) and scenario 5 (answer-to-webhook time, idle and under create load).
 */
final class ReviewScenarios {

	/** Steps of the answer ladders. */
	private static final double ANSWER_FACTOR = 1.15;

	private final Bench bench;

	private final CreateScenarios creates;

	Summary answerBest = Summary.single(Double.NaN);

	ReviewScenarios(Bench bench, CreateScenarios creates) {
		this.bench = bench;
		this.creates = creates;
	}

	/**
	 * Answers taken from the pool, leaving {@code reserve} in it; every id answered is
	 * remembered in {@code answered}.
	 */
	OpenLoop.Op respondOp(ConcurrentLinkedDeque<String> pool, Set<String> answered, int reserve) {
		String id = (pool.size() > reserve) ? pool.poll() : null;
		if (id == null) {
			return null;
		}
		answered.add(id);
		return () -> this.bench.service.status(this.bench.service.respond(id));
	}

	/** S5 idle: answers at a low rate with nothing else running. */
	void deliveryIdle() {
		int count = this.bench.config.quick() ? 12 : 40;
		Set<String> answered = ConcurrentHashMap.newKeySet();
		Bench.log("S5 idle: " + count + " answers at 4/s, webhook and email arrival");
		OpenLoop.Result result = OpenLoop.run(new OpenLoop.Spec("respond idle", 4, Duration.ZERO,
				Duration.ofMillis(count * 250L), () -> respondOp(this.bench.answerPool, answered, 0), (s) -> s == 200));
		Delivery delivery = awaitDeliveries(answered, "consultation.responded", 30_000);
		this.bench.results.put("s5.idle.respond", Results.json(result));
		this.bench.results.put("s5.idle.webhook", delivery.json());
		Bench.log(String.format("  webhook p50 %.0f p99 %.0f ms; email p50 %.0f p99 %.0f ms (%d/%d, %d/%d)",
				delivery.webhook.p50(), delivery.webhook.p99(), delivery.email.p50(), delivery.email.p99(),
				delivery.webhook.count(), answered.size(), delivery.email.count(), answered.size()));
		this.bench.results.row("5", "Answer → webhook arrival, idle (p50 / p99 ms)",
				Results.fmt(delivery.webhook.p50()) + " / " + Results.fmt(delivery.webhook.p99()),
				"email p50 / p99: " + Results.fmt(delivery.email.p50()) + " / " + Results.fmt(delivery.email.p99()),
				"", delivery.webhook.count() + "/" + answered.size() + " arrived");
		this.bench.drain("S5 idle");
	}

	/**
	 * S3 answers: the reviewer API (A) against the engine's bare task completion (B) and
	 * the peer's (C).
	 */
	void answers() {
		Bench bench = this.bench;
		// Kept for the answers under load in scenario 4.
		int reserve = bench.config.quick() ? 60 : 100;
		// Answering costs about twice what creating does; each ladder then starts where
		// the previous one of its kind ended. A start that fails steps down (Ladder).
		double apiStart = Math.max(5, Math.round(this.creates.createRate() * 0.4));
		double engineStart = apiStart;
		double peerStart = apiStart;
		boolean withPeer = bench.peer != null;
		// Enough work for about three steps a repetition; what scenario 1 left is topped up.
		long needed = (long) Math.ceil(bench.config.reps() * 3 * apiStart * 1.2
				* (bench.config.stepSeconds() + bench.config.warmupSeconds())) + reserve;
		topUp("consultations to answer", needed - bench.answerPool.size(), this.creates.createRate(),
				() -> this.creates.createSpec().ops().get());
		String engineTasks = "select t.id_ from act_ru_task t where not exists (select 1 from consultation c "
				+ "where c.process_instance_id = t.proc_inst_id_) order by t.create_time_";
		topUp("engine tasks", needed - reserve - bench.db.strings(engineTasks).size(), this.creates.r1Rate(),
				() -> this.creates.engineStartSpec().ops().get());
		ConcurrentLinkedDeque<String> tasks = new ConcurrentLinkedDeque<>(bench.db.strings(engineTasks));
		String peerTaskQuery = "select id_ from act_ru_task order by create_time_";
		ConcurrentLinkedDeque<String> peerTasks = new ConcurrentLinkedDeque<>();
		if (withPeer) {
			topUp("peer tasks", needed - reserve - bench.peerDb.strings(peerTaskQuery).size(), this.creates.peerRate(),
					() -> this.creates.peerStartSpec().ops().get());
			peerTasks.addAll(bench.peerDb.strings(peerTaskQuery));
		}
		OpenLoop.Spec peer = new OpenLoop.Spec("peer task complete", 1, bench.warmup(), bench.step(), () -> {
			String id = peerTasks.poll();
			return (id == null) ? null : () -> bench.peer.status(bench.peer.completeTask(id));
		}, (s) -> s == 204);
		Set<String> answered = ConcurrentHashMap.newKeySet();
		OpenLoop.Spec api = new OpenLoop.Spec("respond (API)", 1, bench.warmup(), bench.step(),
				() -> respondOp(bench.answerPool, answered, reserve), (s) -> s == 200);
		OpenLoop.Spec engine = new OpenLoop.Spec("engine task complete", 1, bench.warmup(), bench.step(), () -> {
			String id = tasks.poll();
			return (id == null) ? null : () -> bench.service.status(bench.service.completeTask(id));
		}, (s) -> s == 204);
		Bench.log("S3 answers: pools " + bench.answerPool.size() + " consultations, " + tasks.size()
				+ " engine tasks; ladders from " + apiStart + "/s");
		List<Double> apiBest = new ArrayList<>();
		List<Double> engineBest = new ArrayList<>();
		List<Double> peerBest = new ArrayList<>();
		List<Double> apiCpu = new ArrayList<>();
		List<Double> peerCpu = new ArrayList<>();
		List<Object> reps = new ArrayList<>();
		for (int rep = 1; rep <= bench.config.reps(); rep++) {
			Ladder.Outcome a = Ladder.climb(api, apiStart, ANSWER_FACTOR, 6, bench.config.p99TargetMs(),
					bench.backlog, bench.cpu);
			bench.drain("answers (API)");
			Ladder.Outcome b = Ladder.climb(engine, engineStart, ANSWER_FACTOR, 6, bench.config.p99TargetMs(),
					bench.backlog, bench.cpu);
			bench.drain("answers (engine)");
			Map<String, Object> rep_ = new LinkedHashMap<>();
			if (withPeer) {
				Ladder.Outcome c = Ladder.climb(peer, peerStart, ANSWER_FACTOR, 6, bench.config.p99TargetMs(),
						bench.peerBacklog, bench.peerCpu);
				bench.peerBacklog.awaitDrained(120_000);
				peerStart = CreateScenarios.fineStart(c.best());
				peerBest.add((c.best() > 0) ? c.best() : Double.NaN);
				peerCpu.add((c.best() > 0) ? c.cpuAtBest()[0] + c.cpuAtBest()[1] : Double.NaN);
				rep_.put("peer", Results.json(c));
				rep_.put("peer_best", c.best());
			}
			apiStart = CreateScenarios.fineStart(a.best());
			engineStart = CreateScenarios.fineStart(b.best());
			// A repetition that found no rate (it ran out of work) has no figure.
			apiBest.add((a.best() > 0) ? a.best() : Double.NaN);
			engineBest.add((b.best() > 0) ? b.best() : Double.NaN);
			apiCpu.add((a.best() > 0) ? a.cpuAtBest()[0] + a.cpuAtBest()[1] : Double.NaN);
			rep_.put("api", Results.json(a));
			rep_.put("engine", Results.json(b));
			rep_.put("api_best", a.best());
			rep_.put("engine_best", b.best());
			reps.add(rep_);
		}
		this.answerBest = Summary.of(apiBest);
		Summary engineSummary = Summary.of(engineBest);
		bench.results.put("s3.answers.repetitions", reps);
		bench.results.put("s3.answers.api_per_s", this.answerBest.json());
		bench.results.put("s3.answers.engine_per_s", engineSummary.json());
		bench.results.row("3", "Answers/s through the reviewer API at p99 ≤ " + Results.fmt(bench.config.p99TargetMs())
				+ " ms, backlog (webhook, email) flat", this.answerBest.text(),
				"bare `POST /engine-rest/task/{id}/complete`: " + engineSummary.text() + "/s",
				Results.ratio(this.answerBest.ratio(engineSummary)), "");
		if (withPeer) {
			Summary peerSummary = Summary.of(peerBest);
			Summary apiCpuMs = Summary.of(apiCpu);
			Summary peerCpuMs = Summary.of(peerCpu);
			double vsPeer = this.answerBest.ratio(peerSummary);
			bench.results.put("s3.answers.peer_per_s", peerSummary.json());
			bench.results.put("s3.answers.api_cpu_ms_per_op", apiCpuMs.json());
			bench.results.put("s3.answers.peer_cpu_ms_per_op", peerCpuMs.json());
			bench.results.row("3", "Answers/s through the reviewer API vs peer task complete", this.answerBest.text(),
					"peer `POST /engine-rest/task/{id}/complete` (stock Camunda): " + peerSummary.text() + "/s",
					Results.ratio(vsPeer), "≥ 1.0x peer: " + CreateScenarios.met(vsPeer >= 1.0));
			bench.results.row("3", "CPU ms per answer vs peer task complete, app + database", apiCpuMs.text(),
					"peer: " + peerCpuMs.text(), Results.ratio(apiCpuMs.ratio(peerCpuMs)), "");
		}
	}

	/** Creates {@code missing} more units of work at 80 % of the rate that held for them. */
	private void topUp(String what, long missing, double bestRate, java.util.function.Supplier<OpenLoop.Op> op) {
		if (missing <= 0) {
			return;
		}
		double rate = Math.max(2, Math.round(bestRate * 0.8 * 10) / 10.0);
		Bench.log("  topping up " + missing + " " + what + " at " + rate + "/s");
		java.util.concurrent.atomic.AtomicLong left = new java.util.concurrent.atomic.AtomicLong(missing);
		OpenLoop.run(new OpenLoop.Spec("top up " + what, rate, Duration.ZERO,
				Duration.ofMillis((long) Math.ceil(missing / rate * 1000)),
				() -> (left.getAndDecrement() > 0) ? op.get() : null, (s) -> s == 200 || s == 201));
		this.bench.drain("top-up");
	}

	/**
	 * Makes the reviewer list's data: 50 open consultations for the lister's team among at
	 * least 10,000 open (the rest added with SQL as read-model rows).
	 * @return how many are open
	 */
	long prepareReviewerList() {
		Bench bench = this.bench;
		for (int i = 0; i < 50; i++) {
			bench.createNow("team", "PT24H", "{\"groups\":[\"" + Service.TEAM + "\"],\"users\":[]}");
		}
		long open = bench.db.number("select count(*) from consultation where state = 'pending'");
		long missing = Math.max(0, 10_000 - open);
		bench.db.execute(ReadScenarios.BULK_PENDING, Bench.OWNER, missing);
		bench.db.execute("analyze consultation");
		bench.db.execute("analyze consultation_reviewer");
		long openNow = bench.db.number("select count(*) from consultation where state = 'pending'");
		Bench.log("S3 reviewer list: " + openNow + " open (" + missing + " added with SQL)");
		return openNow;
	}

	/**
	 * S3 reviewer list and S5 delivery while consultations are being created at
	 * {@code createRate} by someone else (scenario 4 creating its timeouts): the lister
	 * lists at 5/s, answers go out at 4/s.
	 */
	void underCreateLoad(double createRate, long openAtStart) {
		Bench bench = this.bench;
		Duration measure = Duration.ofSeconds(bench.config.quick() ? 5 : 15);
		Duration warm = Duration.ofSeconds(3);
		Bench.log("S3/S5 under load: creations at " + createRate + "/s, listing at 5/s, answering at 4/s");
		Set<String> answered = ConcurrentHashMap.newKeySet();
		CompletableFuture<OpenLoop.Result> list = CompletableFuture
			.supplyAsync(() -> OpenLoop.run(new OpenLoop.Spec("reviewer list", 5, warm, measure,
					() -> () -> bench.service.status(bench.service.reviewerList()), (s) -> s == 200)));
		CompletableFuture<OpenLoop.Result> respond = CompletableFuture
			.supplyAsync(() -> OpenLoop.run(new OpenLoop.Spec("respond (load)", 4, warm, measure,
					() -> respondOp(bench.answerPool, answered, 0), (s) -> s == 200)));
		OpenLoop.Result listed = list.join();
		OpenLoop.Result responded = respond.join();
		Delivery delivery = awaitDeliveries(answered, "consultation.responded", 60_000);
		long mine = bench.service.sendJson(bench.service.reviewerList(), 200).get("total").asLong();
		bench.results.put("s3.list.open", openAtStart);
		bench.results.put("s3.list.actionable", mine);
		bench.results.put("s3.list.under_load", Results.json(listed));
		bench.results.put("s3.list.create_load_per_s", createRate);
		bench.results.put("s5.under_load.respond", Results.json(responded));
		bench.results.put("s5.under_load.webhook", delivery.json());
		Bench.log(String.format("  list p95 %.1f ms (%d of %d+); webhook p50 %.0f p99 %.0f ms", listed.p95(), mine,
				openAtStart, delivery.webhook.p50(), delivery.webhook.p99()));
		bench.results.row("3", "Reviewer actionable list, " + mine + " of " + openAtStart + "+ open, p95 ms under "
				+ Results.fmt(createRate) + " creations/s", Results.fmt(listed.p95()),
				"p50 " + Results.fmt(listed.p50()) + ", p99 " + Results.fmt(listed.p99()), "",
				listed.errors() == 0 ? "no errors" : listed.errors() + " errors");
		bench.results.row("5", "Answer → webhook arrival under " + Results.fmt(createRate)
				+ " creations/s (p50 / p99 ms)", Results.fmt(delivery.webhook.p50()) + " / "
						+ Results.fmt(delivery.webhook.p99()),
				"email p50 / p99: " + Results.fmt(delivery.email.p50()) + " / " + Results.fmt(delivery.email.p99()),
				"", delivery.webhook.count() + "/" + answered.size() + " arrived");
	}

	record Latencies(long count, double p50, double p99, double max) {

		static Latencies of(Histogram histogram) {
			if (histogram.getTotalCount() == 0) {
				return new Latencies(0, Double.NaN, Double.NaN, Double.NaN);
			}
			return new Latencies(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
					histogram.getValueAtPercentile(99), histogram.getMaxValue());
		}

		Map<String, Object> json() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("count", this.count);
			json.put("p50_ms", this.p50);
			json.put("p99_ms", this.p99);
			json.put("max_ms", this.max);
			return json;
		}

	}

	record Delivery(Latencies webhook, Latencies email) {

		Map<String, Object> json() {
			return Map.of("webhook", this.webhook.json(), "email", this.email.json());
		}

	}

	/**
	 * Waits until every answered consultation's webhook arrived (or the time is up) and
	 * times each from the answer's commit ({@code updated_at} in the payload) to arrival;
	 * the answer's confirmation email is timed from the same instant.
	 */
	Delivery awaitDeliveries(Set<String> ids, String eventType, long maxMillis) {
		long deadline = System.currentTimeMillis() + maxMillis;
		Arrivals hooks = this.bench.hooks.arrivals();
		while (hooks.of(ids, eventType).size() < ids.size() && System.currentTimeMillis() < deadline) {
			Bench.sleep(250);
		}
		Histogram webhook = new Histogram(3_600_000L, 3);
		Map<String, Long> changedAt = new ConcurrentHashMap<>();
		for (Arrivals.Arrival arrival : hooks.of(ids, eventType)) {
			changedAt.put(arrival.consultationId(), arrival.stateChangedAt());
			webhook.recordValue(Math.max(0, arrival.at() - arrival.stateChangedAt()));
		}
		String template = eventType.equals("consultation.responded") ? "consultation-answered"
				: "consultation-timed-out";
		while (this.bench.mail.arrivals().of(ids, template).size() < ids.size()
				&& System.currentTimeMillis() < deadline) {
			Bench.sleep(250);
		}
		Histogram email = new Histogram(3_600_000L, 3);
		for (Arrivals.Arrival arrival : this.bench.mail.arrivals().of(ids, template)) {
			Long changed = changedAt.get(arrival.consultationId());
			if (changed != null) {
				email.recordValue(Math.max(0, arrival.at() - changed));
			}
		}
		return new Delivery(Latencies.of(webhook), Latencies.of(email));
	}

}
