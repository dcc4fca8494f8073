package dev.hitl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * R3: pgbench with a custom script whose transaction writes as many rows as one
 * consultation creation, in the same proportion of inserts and updates, against tables of
 * its own in the bench database.
 */
final class Pgbench {

	record Run(double tps, double latencyAvgMs) {

	}

	private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

	private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

	private final String database;

	private final Path script;

	private Pgbench(String database, Path script) {
		this.database = database;
		this.script = script;
	}

	/**
	 * Creates the tables and the script: {@code inserts} single-row inserts of a
	 * consultation-sized row and {@code updates} single-row updates of random rows.
	 */
	static Pgbench prepare(Db db, String database, long inserts, long updates, Path dir) throws IOException {
		db.script("""
				drop table if exists bench_r3_insert;
				drop table if exists bench_r3_update;
				create table bench_r3_insert (id bigserial primary key, ref uuid not null, payload text not null, created_at timestamptz not null);
				create table bench_r3_update (id integer primary key, n integer not null, payload text not null, updated_at timestamptz not null);
				insert into bench_r3_update select i, 0, repeat('x', 200), now() from generate_series(1, 100000) i;
				vacuum analyze bench_r3_update
				""");
		StringBuilder sql = new StringBuilder();
		for (long i = 0; i < updates; i++) {
			sql.append("\\set k").append(i).append(" random(1, 100000)\n");
		}
		sql.append("BEGIN;\n");
		for (long i = 0; i < inserts; i++) {
			sql.append("INSERT INTO bench_r3_insert (ref, payload, created_at) VALUES (gen_random_uuid(), repeat('x', 200), now());\n");
		}
		for (long i = 0; i < updates; i++) {
			sql.append("UPDATE bench_r3_update SET n = n + 1, updated_at = now() WHERE id = :k").append(i).append(";\n");
		}
		sql.append("END;\n");
		Files.createDirectories(dir);
		Path script = dir.resolve("r3.sql");
		Files.writeString(script, sql, StandardCharsets.UTF_8);
		return new Pgbench(database, script);
	}

	Path script() {
		return this.script;
	}

	Run run(int clients, int seconds) {
		ProcessBuilder builder = new ProcessBuilder("pgbench", "-h", "127.0.0.1", "-U", "postgres", "-n", "-M",
				"prepared", "-c", Integer.toString(clients), "-j", "2", "-T", Integer.toString(seconds), "-f",
				this.script.toString(), this.database)
			.redirectErrorStream(true);
		builder.environment().putAll(Map.of("PGCONNECT_TIMEOUT", "10"));
		try {
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("pgbench failed:\n" + output);
			}
			return new Run(first(TPS, output), first(LATENCY, output));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run pgbench", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static double first(Pattern pattern, String output) {
		Matcher matcher = pattern.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("Unexpected pgbench output:\n" + output);
		}
		return Double.parseDouble(matcher.group(1));
	}

}
