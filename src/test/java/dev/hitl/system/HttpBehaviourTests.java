package dev.hitl.system;

import java.util.UUID;

import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/** What every HTTP response does, whichever module answers it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HttpBehaviourTests extends ApiTestSupport {

	@Test
	void everyResponseCarriesARequestId() {
		for (Result result : new Result[] { api().get("/actuator/health/liveness", null),
				api().get("/api/v1/consultations", null), api().get("/api/v1/consultations", newAgent()),
				api().get("/engine-rest/engine", ADMIN_AUTH), api().get("/camunda/app/tasklist/", null) }) {
			String id = result.header("X-Request-ID");
			assertThat(id).as(result.response().uri().toString()).isNotNull();
			assertThat(UUID.fromString(id)).isNotNull();
		}
	}

	@Test
	void aSaneRequestIdFromTheCallerIsKept() {
		Result result = api().get("/api/v1/consultations", newAgent(), "X-Request-ID", "agent-run-42.step:7");
		assertThat(result.header("X-Request-ID")).isEqualTo("agent-run-42.step:7");
	}

	@Test
	void anInsaneRequestIdIsReplaced() {
		for (String insane : new String[] { "x".repeat(129), "a b", "<script>", "-starts-with-dash", "é" }) {
			Result result = api().get("/actuator/health/liveness", null, "X-Request-ID", insane);
			assertThat(result.header("X-Request-ID")).isNotEqualTo(insane);
			assertThat(UUID.fromString(result.header("X-Request-ID"))).isNotNull();
		}
	}

	@Test
	void largeJsonIsCompressedSmallAnswersAreNot() {
		Result spec = api().get("/api/v1/openapi.json", null, "Accept-Encoding", "gzip");
		assertThat(spec.status()).isEqualTo(200);
		assertThat(spec.header("Content-Encoding")).isEqualTo("gzip");
		Result tiny = api().get("/actuator/health/liveness", null, "Accept-Encoding", "gzip");
		assertThat(tiny.header("Content-Encoding")).isNull();
	}

}
