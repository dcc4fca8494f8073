package dev.hitl.bench;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Scenario 2: reading one consultation (304 with If-None-Match) and differential polling
 * (list with {@code updated_after}) against R2, at about 10,000 and at 1,000,000 stored
 * consultations, with the query plans of the list queries.
 */
final class ReadScenarios {

	/** Open consultations for the reviewer list, read-model rows only (no process). */
	static final String BULK_PENDING = """
			with c as (
			  insert into consultation (id, owner, state, title, description, response_type, context_json, priority,
			    external_ref, process_key, timeout, reviewers_json, created_at, updated_at, expires_at, callback_status,
			    callback_attempts, version)
			  select gen_random_uuid(), ?, 'pending', 'Open consultation ' || i, 'Waiting for a reviewer', 'approval',
			    '{"order":' || i || '}', 'normal', 'open-' || i, 'consultation', 'PT24H',
			    '{"groups":["reviewers"],"users":[]}', now() - make_interval(secs => i), now() - make_interval(secs => i),
			    now() + interval '24 hours', 'none', 0, 0
			  from generate_series(1, ?::bigint) i
			  returning id)
			insert into consultation_reviewer (consultation_id, kind, name) select id, 'group', 'reviewers' from c
			""";

	/**
	 * Finished consultations spread over the last 30 days, as an agent's history: rows
	 * {@code from..to} of {@code total}, owned by the benchmark's agent (the worst case
	 * for its owner-scoped indexes).
	 */
	static final String BULK_FINISHED = """
			with c as (
			  insert into consultation (id, owner, state, title, description, response_type, context_json, priority,
			    external_ref, process_key, timeout, reviewers_json, created_at, updated_at, expires_at, response_json,
			    callback_status, callback_attempts, version)
			  select gen_random_uuid(), ?, st, 'Stored consultation ' || i, 'Refund order ' || i || '?', 'approval',
			    '{"order":' || i || '}', (array['low','normal','normal','high'])[1 + i % 4], 'stored-' || i,
			    'consultation', 'PT24H', '{"groups":["reviewers"],"users":[]}', t, t + interval '7 minutes',
			    t + interval '24 hours',
			    case when st = 'responded' then '{"decision":"approved","choice":null,"text":null,"comment":null,'
			      || '"responded_by":"benchreviewer","responded_at":"'
			      || to_char((t + interval '7 minutes') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
			      || '","channel":"api"}' end,
			    'none', 0, 1
			  from (select i, case when i % 10 = 0 then 'timed_out' when i % 25 = 1 then 'cancelled' else 'responded' end st,
			          now() - interval '30 days' * (1 - i::double precision / ?::bigint) - interval '10 minutes' t
			        from generate_series(?::bigint, ?::bigint) i) s
			  returning id)
			insert into consultation_reviewer (consultation_id, kind, name) select id, 'group', 'reviewers' from c
			""";

	private static final String COLUMNS = "c.id, c.owner, c.api_key_id, c.state, c.title, c.description, "
			+ "c.response_type, c.options_json, c.context_json, c.priority, c.external_ref, c.process_key, "
			+ "c.process_instance_id, c.assignee, c.reviewers_json, c.created_at, c.updated_at, c.expires_at, "
			+ "c.response_json, c.callback_url, c.callback_status, c.callback_attempts, c.callback_last_error, c.version";

	/**
	 * The service's list query with {@code updated_after}, as ConsultationRepository runs it:
	 * from the cursor to the settled instant, oldest change first.
	 */
	private static final String LIST = "select " + COLUMNS + " from consultation c where c.owner = ? "
			+ "and c.updated_at >= ? and c.updated_at < ? order by c.updated_at, c.id limit ?";

	private static final String COUNT = "select count(*) from consultation c where c.owner = ? "
			+ "and c.updated_at >= ? and c.updated_at < ?";

	private static final String GET = "select " + COLUMNS + " from consultation c where c.id = ?::uuid and c.owner = ?";

	private static final String REVIEWABLE = "select " + COLUMNS + " from consultation c where c.state = ? and "
			+ "exists (select 1 from consultation_reviewer r where r.consultation_id = c.id and "
			+ "((r.kind = 'user' and r.name = ?) or (r.kind = 'group' and r.name in (?)))) order by case c.priority "
			+ "when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end, c.created_at desc, c.id desc "
			+ "limit ? offset ?";

	private static final Duration POLL_WINDOW = Duration.ofSeconds(60);

	private final Bench bench;

	private final CreateScenarios creates;

	ReadScenarios(Bench bench, CreateScenarios creates) {
		this.bench = bench;
		this.creates = creates;
	}

	/** Adds finished consultations with SQL until {@code target} are stored. */
	void fillTo(long target) {
		Db db = this.bench.db;
		long stored = db.number("select count(*) from consultation");
		long missing = target - stored;
		if (missing <= 0) {
			return;
		}
		long started = System.currentTimeMillis();
		long chunk = 200_000;
		for (long from = 1; from <= missing; from += chunk) {
			long to = Math.min(missing, from + chunk - 1);
			db.execute(BULK_FINISHED, Bench.OWNER, missing, from, to);
			Bench.log("  inserted stored consultations " + from + ".." + to + " of " + missing);
		}
		db.execute("vacuum analyze consultation");
		db.execute("vacuum analyze consultation_reviewer");
		long seconds = (System.currentTimeMillis() - started) / 1000;
		this.bench.results.put("s2.fill", Map.of("rows", missing, "seconds", seconds, "method",
				"insert ... select from generate_series into consultation and consultation_reviewer, then vacuum analyze"));
		Bench.log("stored consultations: " + target + " (" + missing + " added with SQL in " + seconds + " s)");
	}

	void measure(String label) {
		Bench bench = this.bench;
		Db db = bench.db;
		long stored = db.number("select count(*) from consultation");
		List<String[]> etags = new ArrayList<>();
		for (String row : db.strings("select id::text || ' ' || version from consultation where owner = ? and state <> "
				+ "'pending' and callback_status <> 'pending' order by random() limit 1000", Bench.OWNER)) {
			String[] parts = row.split(" ");
			etags.add(new String[] { parts[0], "\"" + parts[0] + "-" + parts[1] + "\"" });
		}
		double rate = bench.config.readRate();
		Duration measure = Duration.ofSeconds(bench.config.readSeconds());
		Bench.log("S2 reads at " + stored + " stored, " + rate + "/s, " + bench.config.reps() + " x (GET 304, list, R2)");
		OpenLoop.Spec get = new OpenLoop.Spec("GET 304", rate, bench.warmup(), measure, () -> {
			String[] pick = etags.get(ThreadLocalRandom.current().nextInt(etags.size()));
			return () -> bench.service.status(bench.service.getIfNoneMatch(pick[0], pick[1]));
		}, (s) -> s == 304);
		OpenLoop.Spec list = new OpenLoop.Spec("list updated_after", rate, bench.warmup(), measure, () -> {
			String after = Instant.now().minus(POLL_WINDOW).truncatedTo(ChronoUnit.MILLIS).toString();
			return () -> bench.service.status(bench.service.listUpdatedAfter(after));
		}, (s) -> s == 200);
		OpenLoop.Spec r2 = this.creates.trivialGetSpec(rate, measure);
		Map<String, List<OpenLoop.Result>> runs = new LinkedHashMap<>();
		for (int rep = 1; rep <= bench.config.reps(); rep++) {
			for (OpenLoop.Spec spec : List.of(get, list, r2)) {
				OpenLoop.Result result = OpenLoop.run(spec);
				Bench.log(String.format("  %s: p50 %.2f p99 %.2f max %.1f ms, errors %d/%d %s", spec.name(),
						result.p50(), result.p99(), result.max(), result.errors(), result.measured(),
						result.statuses()));
				runs.computeIfAbsent(spec.name(), (key) -> new ArrayList<>()).add(result);
			}
		}
		String prefix = "s2." + label;
		bench.results.put(prefix + ".stored", stored);
		runs.forEach((name, results) -> bench.results.put(prefix + "." + name.replace(' ', '_'),
				results.stream().map(Results::json).toList()));
		Summary r2p50 = p(runs.get(r2.name()), 50);
		Summary r2p99 = p(runs.get(r2.name()), 99);
		String reference = "R2 trivial GET: p50 " + r2p50.text() + "; p99 " + r2p99.text();
		for (OpenLoop.Spec spec : List.of(get, list)) {
			Summary p50 = p(runs.get(spec.name()), 50);
			Summary p99 = p(runs.get(spec.name()), 99);
			long errors = runs.get(spec.name()).stream().mapToLong(OpenLoop.Result::errors).sum();
			bench.results.row("2",
					(spec == get ? "GET one, 304 with If-None-Match" : "List with updated_after (last 60 s)") + ", "
							+ String.format("%,d", stored) + " stored, " + Results.fmt(rate) + "/s (ms)",
					"p50 " + p50.text() + "; p99 " + p99.text(), reference,
					Results.ratio(p50.ratio(r2p50)) + " / " + Results.ratio(p99.ratio(r2p99)),
					errors == 0 ? "no errors" : errors + " errors");
		}
		explain(prefix, stored);
	}

	private void explain(String prefix, long stored) {
		Db db = this.bench.db;
		Timestamp after = Timestamp.from(Instant.now().minus(POLL_WINDOW));
		Map<String, String> plans = new LinkedHashMap<>();
		Timestamp settled = Timestamp.from(Instant.now());
		plans.put("list updated_after", db.explain(LIST, Bench.OWNER, after, settled, 20));
		plans.put("count updated_after", db.explain(COUNT, Bench.OWNER, after, settled));
		String id = db.string("select id::text from consultation where owner = ? limit 1", Bench.OWNER);
		plans.put("get by id", db.explain(GET, id, Bench.OWNER));
		plans.put("reviewer list", db.explain(REVIEWABLE, "pending", Service.LISTER, Service.TEAM, 50, 0));
		boolean indexed = plans.values().stream().noneMatch((plan) -> plan.contains("Seq Scan on consultation "));
		this.bench.results.put(prefix + ".plans", plans);
		this.bench.results.put(prefix + ".plans_use_indexes", indexed);
		StringBuilder text = new StringBuilder();
		plans.forEach((name, plan) -> text.append("**").append(name).append("**\n\n```\n").append(plan).append("```\n\n"));
		this.bench.results.section("Query plans at " + String.format("%,d", stored) + " stored consultations",
				"`EXPLAIN (ANALYZE, BUFFERS)` of the service's queries, bound as the service binds them. "
						+ (indexed ? "No sequential scan of `consultation`." : "**A sequential scan of `consultation` appears.**")
						+ "\n\n" + text);
		this.bench.results.row("2", "Query plans of list/count/get/reviewer list at " + String.format("%,d", stored),
				indexed ? "index scans only" : "sequential scan", "", "", indexed ? "**met**" : "**not met**");
		Bench.log("  plans use indexes: " + indexed);
	}

	private static Summary p(List<OpenLoop.Result> results, int percentile) {
		return Summary.of(results.stream().map((r) -> percentile == 50 ? r.p50() : r.p99()).toList());
	}

}
