package dev.hitl.system;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health and metrics as an operator sees them. With {@code MANAGEMENT_SERVER_PORT} set,
 * health and Prometheus answer there without credentials; every other actuator endpoint
 * still needs an admin, and readiness says what it checked only to admins. The project's
 * metrics follow consultations, webhooks and emails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0",
				"management.endpoints.web.exposure.include=health,info,prometheus,env",
				"hitl.webhook.allow-private-networks=true", "hitl.worker.enabled=true" })
@AutoConfigureObservability(tracing = false)
@ActiveProfiles("test")
class ActuatorTests extends ApiTestSupport {

	/** Labels Prometheus adds to every scraped series. */
	private static final Set<String> PROMETHEUS_LABELS = Set.of("instance", "job");

	@LocalManagementPort
	int managementPort;

	@Autowired
	JobExecutor jobExecutor;

	@Autowired
	RuntimeService runtime;

	@Autowired
	ManagementService management;

	/**
	 * One scrape after one answered, one timed-out and one cancelled consultation, taken
	 * once for the tests that read it.
	 */
	private static String scrapeAfterLifecycle;

	private synchronized String scrapeAfterLifecycle() throws Exception {
		if (scrapeAfterLifecycle == null) {
			// GC pause timers appear with the JVM's first collection, which a short test
			// run may not have had yet.
			System.gc();
			Thread.sleep(500);
			scrapeAfterLifecycle = runLifecycleAndScrape();
		}
		return scrapeAfterLifecycle;
	}

	private String runLifecycleAndScrape() throws Exception {
		HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		receiver.createContext("/hook", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
		try {
			String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
			String group = uniqueId("team");
			String reviewer = newReviewer(uniqueId("rev"), group);
			String agent = newAgent();
			String answered = create(agent, map("title", "Refund 89 EUR?", "priority", "high", "callback_url", hook,
					"reviewers", reviewers(List.of(group), List.of())))
				.get("id")
				.asText();
			String timedOut = create(agent, map("title", "Still there?", "priority", "low", "timeout", "PT1H",
					"callback_url", hook, "reviewers", reviewers(List.of(group), List.of())))
				.get("id")
				.asText();
			fireTimeoutNow(timedOut);
			String cancelled = create(agent, map("title", "Never mind", "priority", "urgent")).get("id").asText();
			assertThat(
					api().post("/api/v1/consultations/" + answered + "/respond", reviewer, map("decision", "approved"))
						.status())
				.isEqualTo(200);
			assertThat(api().post("/api/v1/consultations/" + cancelled + "/cancel", agent, "").status()).isEqualTo(200);
			awaitCallback(agent, answered, "responded");
			awaitCallback(agent, timedOut, "timed_out");
		}
		finally {
			receiver.stop(0);
		}
		Thread.sleep(10_500); // the database-backed gauges are read at most every 10 s
		String scrape = new HttpApi(this.managementPort).get("/actuator/prometheus", null).body();
		Path sample = Path.of("target", "prometheus-sample.txt");
		Files.writeString(sample,
				scrape.lines()
					.filter((line) -> line.startsWith("hitl_") || line.startsWith("# HELP hitl_")
							|| line.startsWith("# TYPE hitl_"))
					.collect(Collectors.joining("\n", "", "\n")));
		return scrape;
	}

	@Test
	void prometheusShowsTheProjectsMetricsAfterAnAnsweredAndATimedOutConsultation() throws Exception {
		String scrape = scrapeAfterLifecycle();
		List<String> project = scrape.lines().filter((line) -> line.startsWith("hitl_")).toList();
		System.out
			.println("Prometheus, project metrics after one answered, one timed-out and one cancelled consultation:");
		project.forEach(System.out::println);
		assertThat(project).anyMatch((line) -> line.startsWith("hitl_consultations_requested_total{")
				&& line.contains("priority=\"high\"") && line.endsWith(" 1.0"));
		assertThat(project).anyMatch((line) -> line.startsWith("hitl_consultations_answered_total{")
				&& line.contains("channel=\"api\"") && line.contains("decision=\"approved\"") && line.endsWith(" 1.0"));
		assertThat(project).anyMatch((line) -> line.startsWith("hitl_consultations_timed_out_total{")
				&& line.contains("priority=\"low\"") && line.endsWith(" 1.0"));
		assertThat(project).anyMatch((line) -> line.startsWith("hitl_consultations_cancelled_total{")
				&& line.contains("priority=\"urgent\"") && line.endsWith(" 1.0"));
		assertThat(project)
			.anyMatch((line) -> line.startsWith("hitl_webhook_deliveries_failed_total") && line.endsWith(" 0.0"));
		assertThat(project).anyMatch((line) -> line.startsWith("hitl_consultations_time_to_answer_seconds_count{")
				&& line.contains("priority=\"high\"") && line.endsWith(" 1"));
		assertThat(project).anyMatch((line) -> line.startsWith("hitl_webhook_attempts_total{")
				&& line.contains("result=\"delivered\"") && line.endsWith(" 2.0"));
		assertThat(project).anyMatch((line) -> line.startsWith("hitl_webhook_delivery_latency_seconds_count"));
		assertThat(project).anyMatch((line) -> line.startsWith("hitl_emails_total{") && line.contains("logged"));
		// The gauge counts every open consultation in the database, which other test
		// classes share; that it is there per priority is what this test can say.
		assertThat(project)
			.anyMatch((line) -> line.startsWith("hitl_consultations_open{") && line.contains("priority=\"high\""));
		assertThat(project).anyMatch((line) -> line.startsWith("hitl_engine_jobs_due"));
		assertThat(project).anyMatch((line) -> line.startsWith("hitl_incidents_open{"));
		assertThat(project).anyMatch((line) -> line.startsWith("hitl_ready{") && line.endsWith(" 1.0"));
	}

	/**
	 * The dashboard and the alert rules in {@code ops/} ask only for metrics and labels
	 * the service really serves: a renamed metric or tag fails here, not on a dark
	 * dashboard in production.
	 */
	@Test
	void everyMetricAndLabelTheDashboardAndAlertsUseIsServed() throws Exception {
		List<String> series = scrapeAfterLifecycle().lines().filter((line) -> !line.startsWith("#")).toList();
		List<String> problems = new ArrayList<>();
		for (OpsFiles.Query query : OpsFiles.queries()) {
			Map<String, Set<String>> selectors = query.selectors();
			selectors.forEach((metric, labels) -> {
				List<String> lines = series.stream()
					.filter((line) -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
					.toList();
				if (lines.isEmpty()) {
					problems.add(query.source() + ": " + metric + " is not served");
				}
				Set<String> wanted = new java.util.TreeSet<>(labels);
				wanted.addAll(query.groupingLabels());
				wanted.removeAll(PROMETHEUS_LABELS);
				for (String label : wanted) {
					if (!lines.isEmpty() && lines.stream().noneMatch((line) -> line.contains(label + "=\""))) {
						problems.add(query.source() + ": " + metric + " has no label " + label);
					}
				}
			});
		}
		assertThat(OpsFiles.queries()).hasSizeGreaterThan(30);
		assertThat(problems).isEmpty();
	}

	/**
	 * Fires the review timer through this context's engine: the test JVM's other contexts
	 * share the database, and a due timer would count in the metrics of whichever of
	 * their job executors took it.
	 */
	private void fireTimeoutNow(String consultationId) {
		String instance = this.runtime.createProcessInstanceQuery()
			.processInstanceBusinessKey(consultationId)
			.singleResult()
			.getId();
		String timer = this.management.createJobQuery().processInstanceId(instance).timers().singleResult().getId();
		// The new-consultation email's worker may be finishing its task in the same
		// instance at that moment; the engine then refuses one of the two, as the job
		// executor would, and the timer runs again.
		await().atMost(Duration.ofSeconds(20))
			.ignoreException(OptimisticLockingException.class)
			.untilAsserted(() -> this.management.executeJob(timer));
	}

	private void awaitCallback(String agent, String id, String state) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode consultation = get(agent, id);
			assertThat(consultation.get("state").asText()).isEqualTo(state);
			assertThat(consultation.get("callback").get("status").asText()).isEqualTo("delivered");
		});
	}

	@Test
	void healthAndPrometheusAreAnonymousOnTheManagementPort() {
		HttpApi management = new HttpApi(this.managementPort);
		assertThat(management.get("/actuator/health/liveness", null).status()).isEqualTo(200);
		Result readiness = management.get("/actuator/health/readiness", null);
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json().get("status").asText()).isEqualTo("UP");
		assertThat(readiness.json().has("components")).isFalse();
		Result prometheus = management.get("/actuator/prometheus", null);
		assertThat(prometheus.status()).isEqualTo(200);
		assertThat(prometheus.body()).contains("hitl_ready{").contains("hitl_consultations_open{");
	}

	@Test
	void otherActuatorEndpointsNeedAnAdminEvenOnTheManagementPort() {
		HttpApi management = new HttpApi(this.managementPort);
		assertThat(management.get("/actuator/env", null).status()).isEqualTo(401);
		assertThat(management.get("/actuator/info", null).status()).isEqualTo(401);
		assertThat(management.get("/actuator/env", newAgent()).status()).isIn(401, 403);
		assertThat(management.get("/actuator/env", newReviewer(uniqueId("rev"), "reviewers")).status()).isEqualTo(403);
		assertThat(management.get("/actuator/env", ADMIN_AUTH).status()).isEqualTo(200);
		assertThat(api().get("/actuator/prometheus", null).status()).isIn(401, 404);
	}

	@Test
	void readinessChecksTheDatabaseTheEngineAndTheJobExecutor() {
		JsonNode components = new HttpApi(this.managementPort).get("/actuator/health/readiness", ADMIN_AUTH)
			.json()
			.get("components");
		assertThat(components.fieldNames()).toIterable()
			.containsExactlyInAnyOrder("readinessState", "db", "processEngine", "jobExecutor");
		JsonNode liveness = new HttpApi(this.managementPort).get("/actuator/health/liveness", ADMIN_AUTH).json();
		assertThat(liveness.get("components").fieldNames()).toIterable().containsExactly("livenessState");
	}

	@Test
	void readinessAnswers503WhileTheJobExecutorIsStopped() {
		HttpApi management = new HttpApi(this.managementPort);
		this.jobExecutor.shutdown();
		try {
			Result readiness = management.get("/actuator/health/readiness", null);
			assertThat(readiness.status()).isEqualTo(503);
			assertThat(readiness.json().get("status").asText()).isEqualTo("DOWN");
			assertThat(management.get("/actuator/health/liveness", null).status()).isEqualTo(200);
		}
		finally {
			this.jobExecutor.start();
		}
		assertThat(management.get("/actuator/health/readiness", null).status()).isEqualTo(200);
	}

}
