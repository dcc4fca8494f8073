package dev.hitl.consultation;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Changes stamped with the PostgreSQL server's clock (microseconds), which all nodes
 * share whatever their own clocks say. A writing transaction is seen in flight through
 * {@code pg_stat_activity}: a backend holding a transaction id, in this database. A
 * transaction gets its id when it first writes, so {@link #now()} makes it take one
 * before it reads the clock: a stamp is never older than the moment its transaction
 * became visible as in flight.
 * <p>
 * Assumes what the service guarantees: consultation rows are written by the service's own
 * database role only (so only its transactions count, and another role's long session
 * cannot stall pollers), without prepared (two-phase) transactions, on a primary whose
 * clock does not step back, and read there. A long writing transaction of the service's
 * role holds pollers back while it runs; it never makes them miss a change.
 */
final class PostgresChangeClock implements ChangeClock {

	// The subquery runs first (its row feeds the outer select), so the transaction holds
	// its id before clock_timestamp() is read; both functions are volatile, never cached.
	private static final String NOW = "select clock_timestamp() from (select pg_current_xact_id() as xid offset 0) t "
			+ "where t.xid is not null";

	// statement_timestamp() is taken before pg_stat_activity is read: a transaction that
	// gets its id only after that read stamps its changes later than this cap.
	private static final String SETTLED = "select least(statement_timestamp(), min(a.xact_start)) from pg_stat_activity a "
			+ "where a.datname = current_database() and a.usename = current_user and a.backend_xid is not null "
			+ "and a.pid <> pg_backend_pid()";

	private final JdbcTemplate jdbc;

	PostgresChangeClock(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Instant now() {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("A consultation change is stamped inside its transaction");
		}
		return this.jdbc.queryForObject(NOW, Timestamp.class).toInstant();
	}

	@Override
	public Instant settled() {
		// pg_stat_activity is read once per transaction and then kept: inside one, a
		// transaction begun since would stay invisible.
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("The settled instant is read outside a transaction");
		}
		return this.jdbc.queryForObject(SETTLED, Timestamp.class).toInstant();
	}

}
