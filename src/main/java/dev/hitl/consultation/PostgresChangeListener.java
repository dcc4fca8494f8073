package dev.hitl.consultation;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;

import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every node's consultation changes, on PostgreSQL. This node's committed changes are
 * published with {@code NOTIFY}, in batches, from a transaction of their own: a
 * transaction that notifies holds a database-wide lock while it commits, so notifying
 * inside the transactions that change consultations would serialize all their commits.
 * Every node hears them with {@code LISTEN} on a connection of its own (not the pool's,
 * which it would hold forever). While that connection is down, waiters check for
 * themselves every few seconds and the listener reconnects; after it reconnects every
 * waiter checks once, for what it may have missed. A node that dies between a commit and
 * its notification leaves other nodes' waiters to their last check, at the end of their
 * wait: late, never wrong.
 */
final class PostgresChangeListener implements SmartLifecycle {

	static final String CHANNEL = "hitl_consultation_changed";

	private static final Logger log = LoggerFactory.getLogger(PostgresChangeListener.class);

	private static final int POLL_MILLIS = 5_000;

	private static final Duration RECONNECT = Duration.ofSeconds(5);

	private final String url;

	private final String username;

	private final String password;

	private final ConsultationWaits waits;

	private volatile boolean running;

	private volatile Connection connection;

	private static final int MAX_BATCH = 500;

	private final JdbcTemplate jdbc;

	private final LinkedBlockingQueue<UUID> unpublished = new LinkedBlockingQueue<>(100_000);

	private Thread thread;

	private Thread publisher;

	PostgresChangeListener(String url, String username, String password, ConsultationWaits waits,
			ConsultationSignals signals, JdbcTemplate jdbc) {
		this.url = url;
		this.username = username;
		this.password = password;
		this.waits = waits;
		this.jdbc = jdbc;
		signals.publishWith((id) -> {
			if (!this.unpublished.offer(id)) {
				log.warn("Change notifications are backed up; other nodes' waiters will check at their end");
			}
		});
	}

	@Override
	public void start() {
		this.running = true;
		this.waits.listening(false);
		this.thread = new Thread(this::listen, "hitl-change-listener");
		this.thread.setDaemon(true);
		this.thread.start();
		this.publisher = new Thread(this::publish, "hitl-change-publisher");
		this.publisher.setDaemon(true);
		this.publisher.start();
	}

	/** One short transaction per batch of committed changes, however many there were. */
	private void publish() {
		List<UUID> batch = new ArrayList<>();
		while (this.running) {
			try {
				batch.add(this.unpublished.take());
				this.unpublished.drainTo(batch, MAX_BATCH - 1);
				String ids = batch.stream().map(UUID::toString).distinct().collect(Collectors.joining(","));
				this.jdbc.queryForList(
						"select pg_notify('" + CHANNEL + "', id) from unnest(string_to_array(?, ',')) id", ids);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Publishing {} consultation changes failed ({}); other nodes' waiters check at their end",
						batch.size(), ex.getClass().getSimpleName());
			}
			finally {
				batch.clear();
			}
		}
	}

	private void listen() {
		while (this.running) {
			try (Connection connection = connect()) {
				this.connection = connection;
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				PGConnection notifications = connection.unwrap(PGConnection.class);
				this.waits.listening(true);
				this.waits.changedAll();
				while (this.running) {
					PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
					if (received != null) {
						for (PGNotification notification : received) {
							changed(notification.getParameter());
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.running) {
					return;
				}
				this.waits.listening(false);
				log.warn("Listening to consultation changes failed ({}); retrying in {}", ex.getClass().getSimpleName(),
						RECONNECT);
				try {
					Thread.sleep(RECONNECT.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			finally {
				this.connection = null;
			}
		}
	}

	/**
	 * With the driver itself: the application's class loader need not be the system one.
	 */
	private Connection connect() throws SQLException {
		Properties properties = new Properties();
		if (this.username != null) {
			properties.setProperty("user", this.username);
		}
		if (this.password != null) {
			properties.setProperty("password", this.password);
		}
		properties.setProperty("ApplicationName", "hitl change listener");
		properties.setProperty("tcpKeepAlive", "true");
		Connection connection = new Driver().connect(this.url, properties);
		if (connection == null) {
			throw new SQLException("Not a PostgreSQL URL");
		}
		return connection;
	}

	private void changed(String id) {
		try {
			this.waits.changed(UUID.fromString(id));
		}
		catch (IllegalArgumentException ex) {
			log.debug("Ignored a change notification that names no consultation");
		}
	}

	@Override
	public void stop() {
		this.running = false;
		Connection open = this.connection;
		if (open != null) {
			try {
				open.close();
			}
			catch (SQLException ex) {
				log.debug("Closing the listening connection failed", ex);
			}
		}
		if (this.thread != null) {
			this.thread.interrupt();
		}
		if (this.publisher != null) {
			this.publisher.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
