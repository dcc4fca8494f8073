package dev.hitl.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.hitl.ApplicationNode;
import dev.hitl.HttpApi;
import dev.hitl.PostgresIntegrationTestSupport;
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

	private static ApplicationNode workerNode;

	@BeforeAll
	static void startWorkerNode() throws IOException {
		receiver = new WebhookReceiver();
		workerNode = ApplicationNode.start("worker-node", "--hitl.role=worker",
				"--hitl.webhook.allow-private-networks=true");
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (workerNode != null) {
			workerNode.close();
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
		HttpApi worker = workerNode.api();
		String agent = newAgent();
		assertThat(worker.get("/api/v1/consultations", agent).status()).isEqualTo(404);
		assertThat(worker.post("/api/v1/consultations", agent, map("title", "t")).status()).isEqualTo(404);
		assertThat(worker.get("/camunda/app/tasklist/default/", null).status()).isEqualTo(404);
		assertThat(worker.get("/actuator/health/liveness", null).status()).isEqualTo(200);
	}

}
