package dev.hitl.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The benchmark's own view of the service's database: row and WAL counters, the engine's
 * backlog, fixtures inserted with SQL and query plans. One connection per caller thread
 * kind, never shared between threads.
 */
final class Db implements AutoCloseable {

	private final Connection connection;

	Db(String url) {
		try {
			this.connection = DriverManager.getConnection(url, "postgres", "");
			this.connection.setAutoCommit(true);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot connect to " + url, ex);
		}
	}

	/** Rows inserted, updated and deleted per table since the server started. */
	synchronized Map<String, long[]> rowCounters() {
		Map<String, long[]> counters = new TreeMap<>();
		query("select relname, n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables", (rs) -> counters
			.put(rs.getString(1), new long[] { rs.getLong(2), rs.getLong(3), rs.getLong(4) }));
		return counters;
	}

	/** Index and sequential scans per table since the server started: queries it took. */
	synchronized Map<String, long[]> scanCounters() {
		Map<String, long[]> counters = new TreeMap<>();
		query("select relname, coalesce(idx_scan, 0), seq_scan from pg_stat_user_tables",
				(rs) -> counters.put(rs.getString(1), new long[] { rs.getLong(2), rs.getLong(3) }));
		return counters;
	}

	static Map<String, long[]> delta(Map<String, long[]> before, Map<String, long[]> after) {
		Map<String, long[]> delta = new TreeMap<>();
		after.forEach((table, now) -> {
			long[] then = before.getOrDefault(table, new long[now.length]);
			long[] d = new long[now.length];
			boolean changed = false;
			for (int i = 0; i < now.length; i++) {
				d[i] = now[i] - then[i];
				changed |= d[i] != 0;
			}
			if (changed) {
				delta.put(table, d);
			}
		});
		return delta;
	}

	static long total(Map<String, long[]> delta) {
		return delta.values().stream().mapToLong((d) -> d[0] + d[1] + d[2]).sum();
	}

	synchronized String walLsn() {
		return string("select pg_current_wal_lsn()::text");
	}

	synchronized long walBytesSince(String lsn) {
		return number("select pg_wal_lsn_diff(pg_current_wal_lsn(), '" + lsn + "')");
	}

	/** The engine's queues right now. */
	synchronized Backlog.Sample backlog() {
		return backlog(true);
	}

	/** The engine's queues right now; external tasks counted as none unless asked for. */
	synchronized Backlog.Sample backlog(boolean externalTasks) {
		if (!externalTasks) {
			long[] jobs = new long[2];
			query("select (select count(*) from act_ru_job where (duedate_ is null or duedate_ <= localtimestamp) "
					+ "and (lock_exp_time_ is null or lock_exp_time_ < localtimestamp) and retries_ > 0 and suspension_state_ = 1), "
					+ "(select count(*) from act_ru_job where lock_exp_time_ >= localtimestamp)", (rs) -> {
						jobs[0] = rs.getLong(1);
						jobs[1] = rs.getLong(2);
					});
			return new Backlog.Sample(System.currentTimeMillis(), 0, 0, jobs[0], jobs[1]);
		}
		long[] values = new long[4];
		query("select (select count(*) from act_ru_ext_task where (lock_exp_time_ is null or lock_exp_time_ < localtimestamp) "
				+ "and (retries_ is null or retries_ > 0) and suspension_state_ = 1), "
				+ "(select count(*) from act_ru_ext_task where lock_exp_time_ >= localtimestamp), "
				+ "(select count(*) from act_ru_job where (duedate_ is null or duedate_ <= localtimestamp) "
				+ "and (lock_exp_time_ is null or lock_exp_time_ < localtimestamp) and retries_ > 0 and suspension_state_ = 1), "
				+ "(select count(*) from act_ru_job where lock_exp_time_ >= localtimestamp)", (rs) -> {
					for (int i = 0; i < 4; i++) {
						values[i] = rs.getLong(i + 1);
					}
				});
		return new Backlog.Sample(System.currentTimeMillis(), values[0], values[1], values[2], values[3]);
	}

	synchronized long number(String sql, Object... args) {
		long[] value = new long[1];
		query(sql, (rs) -> value[0] = rs.getLong(1), args);
		return value[0];
	}

	synchronized String string(String sql, Object... args) {
		String[] value = new String[1];
		query(sql, (rs) -> value[0] = rs.getString(1), args);
		return value[0];
	}

	synchronized List<String> strings(String sql, Object... args) {
		List<String> values = new ArrayList<>();
		query(sql, (rs) -> values.add(rs.getString(1)), args);
		return values;
	}

	synchronized List<double[]> doubles(String sql, int columns, Object... args) {
		List<double[]> rows = new ArrayList<>();
		query(sql, (rs) -> {
			double[] row = new double[columns];
			for (int i = 0; i < columns; i++) {
				row[i] = rs.getDouble(i + 1);
			}
			rows.add(row);
		}, args);
		return rows;
	}

	synchronized void execute(String sql, Object... args) {
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			bind(statement, args);
			statement.execute();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	/** Runs a script of statements separated by semicolons at line ends. */
	synchronized void script(String sql) {
		try (Statement statement = this.connection.createStatement()) {
			for (String part : sql.split(";\\s*\n")) {
				if (!part.isBlank()) {
					statement.execute(part);
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	/** The plan of a query as the service runs it, with its real timings. */
	synchronized String explain(String sql, Object... args) {
		StringBuilder plan = new StringBuilder();
		query("explain (analyze, buffers, costs off) " + sql, (rs) -> plan.append(rs.getString(1)).append('\n'),
				args);
		return plan.toString();
	}

	interface RowHandler {

		void row(ResultSet rs) throws SQLException;

	}

	private void query(String sql, RowHandler handler, Object... args) {
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			bind(statement, args);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					handler.row(rs);
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	private static void bind(PreparedStatement statement, Object... args) throws SQLException {
		for (int i = 0; i < args.length; i++) {
			statement.setObject(i + 1, args[i]);
		}
	}

	@Override
	public void close() throws SQLException {
		this.connection.close();
	}

}
