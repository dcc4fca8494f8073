package dev.hitl.delivery;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import dev.hitl.HttpApi;
import dev.hitl.PostgresIntegrationTestSupport;
import dev.hitl.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one PostgreSQL database: this test's node serves the API with its workers
 * off, and a worker-only node ({@code HITL_ROLE=worker}) of the packaged jar, in a JVM of
 * its own, delivers.
 */
@TestPropertySource(properties = { "hitl.worker.enabled=false", "hitl.webhook.allow-private-networks=true" })
class WorkerNodeIntegrationTests extends PostgresIntegrationTestSupport {

	private static WebhookReceiver receiver;

	private static Process workerNode;

	private static int workerPort;

	@BeforeAll
	static void startWorkerNode() throws IOException {
		receiver = new WebhookReceiver();
		workerPort = freePort();
		PostgresTestDatabase.Credentials database = PostgresTestDatabase.get();
		Path log = Path.of("target", "worker-node.log");
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m", "-jar", applicationJar().toString(), "--hitl.role=worker", "--server.port=" + workerPort,
				"--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(), "--hitl.secret-key=" + SECRET_KEY,
				"--hitl.admin.password=" + ADMIN_PASSWORD, "--hitl.webhook.allow-private-networks=true");
		builder.redirectErrorStream(true).redirectOutput(log.toFile());
		workerNode = builder.start();
		HttpApi worker = new HttpApi(workerPort);
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
			assertThat(workerNode.isAlive()).as("worker node is running, see %s", log).isTrue();
			return worker.get("/actuator/health/readiness", null).status() == 200;
		});
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (workerNode != null) {
			workerNode.destroy();
			workerNode.waitFor();
		}
		receiver.close();
	}

	@Test
	void aWorkerOnlyNodeDeliversWhatTheApiNodeRecorded() {
		String path = "/worker-" + UUID.randomUUID();
		String group = uniqueId("team");
		String reviewer = newReviewer(uniqueId("rev"), group);
		String agent = newAgent();
		String id = create(agent, map("title", "Delivered by the worker node", "callback_url", receiver.url(path),
				"reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		assertThat(
				api().post("/api/v1/consultations/" + id + "/respond", reviewer, map("decision", "approved")).status())
			.isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests(path).size() == 1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> get(agent, id).get("callback").get("status").asText().equals("delivered"));
	}

	@Test
	void aWorkerOnlyNodeServesNoApiAndNoWebapps() {
		HttpApi worker = new HttpApi(workerPort);
		String agent = newAgent();
		assertThat(worker.get("/api/v1/consultations", agent).status()).isEqualTo(404);
		assertThat(worker.post("/api/v1/consultations", agent, map("title", "t")).status()).isEqualTo(404);
		assertThat(worker.get("/camunda/app/tasklist/default/", null).status()).isEqualTo(404);
		assertThat(worker.get("/actuator/health/liveness", null).status()).isEqualTo(200);
	}

	/** The jar {@code mvn package} built before the integration tests run. */
	private static Path applicationJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((file) -> file.getFileName().toString().matches("hitl-orchestrator-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"No application jar in target" + File.separator + "; integration tests run after 'package'"));
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
