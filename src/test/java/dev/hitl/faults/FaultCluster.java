package dev.hitl.faults;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.hitl.ApiTestSupport;
import dev.hitl.ApplicationNode;
import dev.hitl.HttpApi;
import dev.hitl.PostgresTestDatabase;
import dev.hitl.TestMailServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two API nodes and a worker-only node of the packaged jar, each in its own JVM, on a
 * fresh PostgreSQL database reached through a {@link DatabaseProxy}; the JVM's GreenMail
 * server and a {@link SignedWebhookReceiver} on loopback. The test JVM reads the database
 * directly (not through the proxy) to check what was stored.
 */
final class FaultCluster implements AutoCloseable {

	static final String GROUP = "faults";

	/** Reviewers without an email address: the race's 1,000 answers send no email. */
	static final String RACE_GROUP = "faultsrace";

	final PostgresTestDatabase.Credentials database = PostgresTestDatabase.another();

	final DatabaseProxy proxy;

	final JdbcTemplate jdbc;

	final Map<String, ApplicationNode> nodes = new HashMap<>();

	/** How long each node took from launch to ready, by name. */
	final Map<String, Duration> startUps = new HashMap<>();

	String agent;

	SignedWebhookReceiver receiver;

	/** Basic headers of the reviewers, and their email addresses. */
	final List<String> reviewers = new ArrayList<>();

	final List<String> reviewerEmails = new ArrayList<>();

	final List<String> racers = new ArrayList<>();

	FaultCluster() throws IOException {
		this.proxy = new DatabaseProxy(this.database);
		this.jdbc = new JdbcTemplate(
				new DriverManagerDataSource(this.database.url(), this.database.username(), this.database.password()));
	}

	/**
	 * Starts nodes a, b (API and workers) and w (HITL_ROLE=worker) at once on the empty
	 * database.
	 */
	void start() throws Exception {
		List<CompletableFuture<Void>> starting = new ArrayList<>();
		for (String name : List.of("a", "b", "w")) {
			starting.add(CompletableFuture.runAsync(() -> startNode(name, "faults-" + name)));
		}
		for (CompletableFuture<Void> node : starting) {
			node.get();
		}
		HttpApi api = api("a");
		HttpApi.Result key = api.post("/api/v1/api-keys", ApiTestSupport.ADMIN_AUTH,
				map("name", "faults", "owner", "faults-agent"));
		assertThat(key.status()).as(key.toString()).isEqualTo(201);
		this.agent = HttpApi.bearer(key.json().get("key").asText());
		this.receiver = new SignedWebhookReceiver(key.json().get("webhook_secret").asText());
		for (String group : List.of(GROUP, RACE_GROUP)) {
			api.post("/engine-rest/group/create", ApiTestSupport.ADMIN_AUTH,
					map("id", group, "name", group, "type", "WORKFLOW"));
			for (int i = 0; i < 2; i++) {
				String user = group + i + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
				String email = group.equals(GROUP) ? user + "@example.com" : null;
				String password = "pw-" + user + "-secret";
				Map<String, Object> profile = map("id", user, "firstName", "Fault", "lastName", user);
				if (email != null) {
					profile.put("email", email);
				}
				HttpApi.Result created = api.post("/engine-rest/user/create", ApiTestSupport.ADMIN_AUTH,
						map("profile", profile, "credentials", map("password", password)));
				assertThat(created.status()).as(created.toString()).isEqualTo(204);
				assertThat(api.put("/engine-rest/group/" + group + "/members/" + user, ApiTestSupport.ADMIN_AUTH, map())
					.status()).isEqualTo(204);
				if (email != null) {
					this.reviewers.add(HttpApi.basic(user, password));
					this.reviewerEmails.add(email);
				}
				else {
					this.racers.add(HttpApi.basic(user, password));
				}
			}
		}
	}

	/** Launches a node (again, after a kill) and waits until it is ready. */
	Duration startNode(String name, String logName) {
		long started = System.nanoTime();
		try {
			List<String> arguments = new ArrayList<>(List.of("--hitl.webhook.allow-private-networks=true",
					"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + TestMailServer.port(),
					"--hitl.rate-limit.consultation-create-per-minute=100000",
					// A webhook task's lock is 3 x (1 s + 2 s) = 9 s; an email task's 20
					// s.
					"--hitl.webhook.connect-timeout=PT1S", "--hitl.webhook.timeout=PT2S",
					"--hitl.webhook.retry-schedule=PT5S,PT10S,PT20S,PT30S,PT30S,PT30S,PT30S,PT30S",
					"--hitl.mail.retry-schedule=PT5S,PT10S,PT20S,PT30S,PT30S,PT30S,PT30S,PT30S",
					"--hitl.mail.lock-duration=PT20S", "--spring.datasource.hikari.maximum-pool-size=12",
					"--spring.datasource.hikari.minimum-idle=2", "--logging.level.dev.hitl=info"));
			if (name.equals("w")) {
				arguments.add("--hitl.role=worker");
			}
			ApplicationNode node = ApplicationNode.launch(logName, this.proxy.database(),
					arguments.toArray(String[]::new));
			synchronized (this.nodes) {
				this.nodes.put(name, node);
			}
			node.awaitReady(Duration.ofSeconds(240));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		synchronized (this.startUps) {
			this.startUps.put(logName, took);
		}
		return took;
	}

	ApplicationNode node(String name) {
		synchronized (this.nodes) {
			return this.nodes.get(name);
		}
	}

	HttpApi api(String name) {
		return node(name).api();
	}

	Map<String, Object> body(String title, String timeout, String externalRef) {
		return body(title, timeout, externalRef, GROUP);
	}

	Map<String, Object> body(String title, String timeout, String externalRef, String group) {
		return map("title", title, "timeout", timeout, "external_ref", externalRef, "callback_url",
				this.receiver.url("/agent"), "reviewers", map("groups", List.of(group), "users", List.of()));
	}

	/**
	 * State, expiry and terminal audit events of the given consultations, read from the
	 * database.
	 */
	Map<UUID, Stored> stored(Collection<UUID> ids) {
		Map<UUID, Stored> found = new HashMap<>();
		this.jdbc.query("select c.id, c.state, c.expires_at, c.callback_status, c.callback_attempts, "
				+ "(select count(*) from audit_event e where e.consultation_id = c.id and e.action in "
				+ "('consultation.responded', 'consultation.timed_out', 'consultation.cancelled')) as ends, "
				+ "(select max(e.occurred_at) from audit_event e where e.consultation_id = c.id and e.action in "
				+ "('consultation.responded', 'consultation.timed_out', 'consultation.cancelled')) as ended_at "
				+ "from consultation c where c.owner = 'faults-agent'", (rs) -> {
					UUID id = rs.getObject("id", UUID.class);
					if (ids.contains(id)) {
						Timestamp ended = rs.getTimestamp("ended_at");
						found.put(id,
								new Stored(rs.getString("state"), rs.getTimestamp("expires_at").toInstant(),
										(ended != null) ? ended.toInstant() : null, rs.getInt("ends"),
										rs.getString("callback_status"), rs.getInt("callback_attempts")));
					}
				});
		return found;
	}

	/**
	 * Consultations stored per external_ref (the tests use their Idempotency-Key as it).
	 */
	Map<String, Integer> perExternalRef(String prefix) {
		Map<String, Integer> counts = new HashMap<>();
		this.jdbc.query("select external_ref, count(*) as n from consultation where external_ref like ? "
				+ "group by external_ref", (rs) -> {
					counts.put(rs.getString("external_ref"), rs.getInt("n"));
				}, prefix + "%");
		return counts;
	}

	/**
	 * The emails the reviewers received about these consultations: Message-ID to copies.
	 */
	Map<String, Integer> emails(Collection<UUID> ids) throws MessagingException {
		Set<String> wanted = new HashSet<>();
		ids.forEach((id) -> wanted.add(id.toString()));
		Map<String, Integer> copies = new HashMap<>();
		for (String address : this.reviewerEmails) {
			for (MimeMessage message : TestMailServer.receivedBy(address)) {
				String messageId = message.getMessageID();
				String consultation = messageId.substring(1, messageId.indexOf('.'));
				if (wanted.contains(consultation)) {
					copies.merge(messageId, 1, Integer::sum);
				}
			}
		}
		return copies;
	}

	@Override
	public void close() throws Exception {
		for (ApplicationNode node : this.nodes.values()) {
			if (node.isAlive()) {
				node.kill();
			}
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
		this.proxy.close();
	}

	record Stored(String state, Instant expiresAt, Instant endedAt, int ends, String callbackStatus,
			int callbackAttempts) {

		boolean terminal() {
			return !"pending".equals(this.state);
		}

	}

}
