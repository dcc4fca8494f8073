package dev.hitl.consultation;

import java.sql.DatabaseMetaData;
import java.time.Clock;

import javax.sql.DataSource;

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
		String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		return "PostgreSQL".equals(product) ? new PostgresChangeClock(jdbc) : new LocalChangeClock(clock);
	}

}
