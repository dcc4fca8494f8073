package dev.hitl.security;

import java.util.Map;

import dev.hitl.ApiTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EngineRestSecurityTests extends ApiTestSupport {

	@Test
	void engineRestIsNeverAnonymous() {
		assertThat(api().get("/engine-rest/engine", null).status()).isEqualTo(401);
		assertThat(api().get("/engine-rest/task", null).status()).isEqualTo(401);
		assertThat(api().get("/engine-rest/user", null).status()).isEqualTo(401);
		assertThat(api().get("/engine-rest/task", newAgent()).status()).isIn(401, 403);
	}

	@Test
	void reviewersCannotAdministerTheEngine() {
		String reviewer = newReviewer(uniqueId("rev"), "reviewers");
		assertThat(api()
			.post("/engine-rest/user/create", reviewer,
					Map.of("profile", Map.of("id", uniqueId("evil")), "credentials", Map.of("password", "evil-pass-1")))
			.status()).isEqualTo(403);
		assertThat(api().put("/engine-rest/group/camunda-admin/members/" + "rev", reviewer, Map.of()).status())
			.isEqualTo(403);
		assertThat(api().get("/engine-rest/engine", ADMIN_AUTH).status()).isEqualTo(200);
	}

	@Test
	void onlyHealthAndDocsAnswerWithoutCredentials() {
		assertThat(api().get("/actuator/health/liveness", null).status()).isEqualTo(200);
		assertThat(api().get("/actuator/health/readiness", null).status()).isEqualTo(200);
		assertThat(api().get("/actuator/prometheus", null).status()).isEqualTo(401);
		assertThat(api().get("/actuator/env", null).status()).isEqualTo(401);
		assertThat(api().get("/api/v1/anything", null).status()).isEqualTo(401);
	}

}
