package dev.hitl;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A fresh PostgreSQL database for this test run: a new database on the server named by
 * {@code HITL_TEST_DATABASE_URL} (CI and machines without Docker), else a Testcontainers
 * PostgreSQL where Docker exists. The database is dropped when the JVM exits.
 */
public final class PostgresTestDatabase {

	private static Credentials credentials;

	private static Credentials server;

	private PostgresTestDatabase() {
	}

	public static synchronized Credentials get() {
		if (credentials == null) {
			credentials = create();
		}
		return credentials;
	}

	/**
	 * Another fresh database on the same server, for what must start on an empty one
	 * (e.g. nodes racing to create the schema); dropped when the JVM exits, too.
	 */
	public static synchronized Credentials another() {
		get();
		return freshDatabaseOn(server.url(), server.username(), server.password());
	}

	private static Credentials create() {
		String url = System.getenv("HITL_TEST_DATABASE_URL");
		if (url != null && !url.isBlank()) {
			server = new Credentials(jdbcUrl(url.trim()), env("HITL_TEST_DATABASE_USER", "postgres"),
					env("HITL_TEST_DATABASE_PASSWORD", ""));
			return freshDatabaseOn(server.url(), server.username(), server.password());
		}
		if (dockerAvailable()) {
			PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
			server = new Credentials(container.getJdbcUrl(), container.getUsername(), container.getPassword());
			return server;
		}
		throw new IllegalStateException("Integration tests need PostgreSQL: set HITL_TEST_DATABASE_URL (for example "
				+ "jdbc:postgresql://127.0.0.1:5432/postgres) or run them where Docker is available.");
	}

	private static Credentials freshDatabaseOn(String serverUrl, String user, String password) {
		String name = "hitl_test_"
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
		Connection connection;
		try {
			connection = DriverManager.getConnection(serverUrl, user, password);
			try (Statement statement = connection.createStatement()) {
				statement.execute("create database " + name);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create a test database on " + serverUrl, ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> dropWhenUnused(connection, name), "drop-test-database"));
		int query = serverUrl.indexOf('?');
		String base = (query >= 0) ? serverUrl.substring(0, query) : serverUrl;
		String params = (query >= 0) ? serverUrl.substring(query) : "";
		return new Credentials(base.substring(0, base.lastIndexOf('/') + 1) + name + params, user, password);
	}

	/**
	 * Shutdown hooks run at the same time: the test contexts are closing their pools
	 * while this one runs. Dropping at once would pull the connections from under them
	 * (and their retries hold up the JVM's exit), so wait a while for them to let go,
	 * then drop regardless.
	 */
	private static void dropWhenUnused(Connection connection, String name) {
		try (Statement statement = connection.createStatement()) {
			long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
			while (System.nanoTime() < deadline && connectionsTo(statement, name) > 0) {
				Thread.sleep(200);
			}
			statement.execute("drop database if exists " + name + " with (force)");
		}
		catch (SQLException ex) {
			// The server is going away too; nothing left to clean.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static long connectionsTo(Statement statement, String name) throws SQLException {
		try (java.sql.ResultSet rows = statement
			.executeQuery("select count(*) from pg_stat_activity where datname = '" + name + "'")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/** Accepts a JDBC URL or a libpq-style {@code postgresql://host:port/db} URL. */
	private static String jdbcUrl(String url) {
		if (url.startsWith("jdbc:")) {
			return url;
		}
		if (url.startsWith("postgres://")) {
			return "jdbc:postgresql://" + url.substring("postgres://".length());
		}
		return "jdbc:" + url;
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

	public record Credentials(String url, String username, String password) {
	}

}
