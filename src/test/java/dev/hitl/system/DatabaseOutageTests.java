package dev.hitl.system;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseOutageTests {

	@Test
	void unreachableDatabaseIsAnOutageWhereverItIsWrapped() {
		assertThat(DatabaseOutage.causedBy(new CannotGetJdbcConnectionException("no connection"))).isTrue();
		assertThat(DatabaseOutage.causedBy(new IllegalStateException("engine",
				new RuntimeException("mybatis", new SQLException("I/O error", "08006")))))
			.isTrue();
		assertThat(DatabaseOutage.causedBy(new RuntimeException(new SQLTransientConnectionException("pool timeout"))))
			.isTrue();
		assertThat(DatabaseOutage.causedBy(new SQLException("terminating connection", "57P01"))).isTrue();
		assertThat(DatabaseOutage.causedBy(new DataAccessResourceFailureException("lookup"))).isTrue();
	}

	/** As the fault tests met it: the broken connection's rollback failed as well. */
	@Test
	void aFailedRollbackAfterALostConnectionIsAnOutage() {
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		rollback.initApplicationException(new DataAccessResourceFailureException("I/O error",
				new SQLException("An I/O error occurred while sending to the backend", "08006")));
		assertThat(DatabaseOutage.causedBy(rollback)).isTrue();
		assertThat(DatabaseOutage
			.causedBy(new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"))))
			.isFalse();
	}

	@Test
	void otherFailuresAreNot() {
		assertThat(DatabaseOutage.causedBy(new DataIntegrityViolationException("duplicate"))).isFalse();
		assertThat(DatabaseOutage.causedBy(new SQLException("syntax", "42601"))).isFalse();
		assertThat(DatabaseOutage.causedBy(new NullPointerException())).isFalse();
		assertThat(DatabaseOutage.causedBy(null)).isFalse();
	}

}
