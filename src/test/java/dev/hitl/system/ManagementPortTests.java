package dev.hitl.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code MANAGEMENT_SERVER_PORT} set, health and Prometheus answer there without
 * credentials; every other actuator endpoint still needs an admin, and readiness says
 * what it checked only to admins.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0",
				"management.endpoints.web.exposure.include=health,info,prometheus,env" })
@AutoConfigureObservability(tracing = false)
@ActiveProfiles("test")
class ManagementPortTests extends ApiTestSupport {

	@LocalManagementPort
	int managementPort;

	@Autowired
	JobExecutor jobExecutor;

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
