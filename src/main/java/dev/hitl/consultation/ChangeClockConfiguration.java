package dev.hitl.consultation;

import java.sql.DatabaseMetaData;
import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * PostgreSQL, shared by the nodes of a cluster, stamps changes with its own clock; the
 * embedded H2 database, which one JVM opens, with a register in that JVM.
 */
@Configuration(proxyBeanMethods = false)
class ChangeClockConfiguration {

	@Bean
	ChangeClock changeClock(DataSource dataSource, JdbcTemplate jdbc, Clock clock) throws MetaDataAccessException {
		return postgres(dataSource) ? new PostgresChangeClock(jdbc) : new LocalChangeClock(clock);
	}

	/**
	 * On PostgreSQL every node's changes wake this node's waiters; on H2, which only this
	 * JVM opens, the local signals ({@link ConsultationSignals}) are all there is.
	 */
	@Bean
	SmartLifecycle consultationChangeListener(DataSource dataSource, DataSourceProperties properties,
			ConsultationWaits waits, ConsultationSignals signals, JdbcTemplate jdbc) throws MetaDataAccessException {
		if (!postgres(dataSource)) {
			return new NoListener();
		}
		return new PostgresChangeListener(properties.determineUrl(), properties.determineUsername(),
				properties.determinePassword(), waits, signals, jdbc);
	}

	private static boolean postgres(DataSource dataSource) throws MetaDataAccessException {
		String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		return "PostgreSQL".equals(product);
	}

	private static final class NoListener implements SmartLifecycle {

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}
