package dev.hitl.workflow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;

/**
 * Serializes what nodes starting together on one empty database would otherwise race at:
 * the engine creating its tables ({@code schema-update: true} checks, then creates, with
 * nothing in between to stop a second engine doing the same) and the first accounts,
 * groups and grants. On PostgreSQL the work runs under a transaction-level advisory lock
 * taken on a connection of its own, held while the work commits on others and released
 * with that connection's transaction, so a node that dies lets the next one in. The
 * embedded H2 database serves a single node and needs none.
 */
final class StartupLock {

	/** "hitl" in ASCII: the project's only advisory lock. */
	static final long KEY = 0x6869746cL;

	private final DataSource dataSource;

	StartupLock(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	void run(Runnable work) {
		call(() -> {
			work.run();
			return null;
		});
	}

	<T> T call(Supplier<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
				return work.get();
			}
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				try (Statement statement = connection.createStatement()) {
					// Another node's start-up takes seconds; one that hangs must not hold
					// this one for ever.
					statement.execute("set local lock_timeout = '5min'");
				}
				try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
					lock.setLong(1, KEY);
					lock.execute();
				}
				return work.get();
			}
			finally {
				connection.rollback();
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot take the start-up lock", ex);
		}
	}

	/**
	 * The engine's executor of schema operations, each one (schema, history level,
	 * bootstrap) committed inside the lock.
	 */
	CommandExecutor around(CommandExecutor schemaOperations) {
		return new CommandExecutor() {

			@Override
			public <T> T execute(Command<T> command) {
				return call(() -> schemaOperations.execute(command));
			}

		};
	}

}
