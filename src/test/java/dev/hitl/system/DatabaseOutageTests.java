package dev.hitl.system;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

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

	@Test
	void otherFailuresAreNot() {
		assertThat(DatabaseOutage.causedBy(new DataIntegrityViolationException("duplicate"))).isFalse();
		assertThat(DatabaseOutage.causedBy(new SQLException("syntax", "42601"))).isFalse();
		assertThat(DatabaseOutage.causedBy(new NullPointerException())).isFalse();
		assertThat(DatabaseOutage.causedBy(null)).isFalse();
	}

}
