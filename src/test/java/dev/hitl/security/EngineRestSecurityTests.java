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
	void theIdentityRoutesAreForAdminsOnly() {
		String userId = uniqueId("rev");
		String reviewer = newReviewer(userId, "reviewers");
		Map<String, Object> guess = Map.of("username", ADMIN, "password", "a-guess");
		for (String root : java.util.List.of("/engine-rest", "/engine-rest/engine/default")) {
			assertThat(api().get(root + "/identity/groups?userId=" + ADMIN, reviewer).status()).isEqualTo(403);
			assertThat(api().get(root + "/identity/password-policy", reviewer).status()).isEqualTo(403);
			assertThat(api().post(root + "/identity/verify", reviewer, guess).status()).isEqualTo(403);
			assertThat(api().get(root + "/identity/groups?userId=" + userId, ADMIN_AUTH).status()).isEqualTo(200);
		}
		// Nor through the webapps' copy of the engine API, for any signed-in user.
		dev.hitl.TasklistSession tasklist = new dev.hitl.TasklistSession(this.port);
		assertThat(tasklist.login(userId, "pw-" + userId + "-secret")).isEqualTo(200);
		assertThat(tasklist.enginePost("/identity/verify", guess).statusCode()).isEqualTo(403);
	}

	@Test
	void variablesSetByAReviewerCannotRedirectAnAnswerToAnotherConsultation() {
		String group = uniqueId("team");
		String reviewer = newReviewer(uniqueId("rev"), group);
		String victimAgent = newAgent();
		String victim = create(victimAgent, Map.of("title", "Someone else's")).get("id").asText();
		String agent = newAgent();
		String own = create(agent, Map.of("title", "Mine", "reviewers", Map.of("groups", java.util.List.of(group))))
			.get("id")
			.asText();
		String taskId = api().get("/engine-rest/task?processInstanceBusinessKey=" + own, reviewer)
			.json()
			.get(0)
			.get("id")
			.asText();
		// The deliveries of a consultation read its consultationId variable: a review
		// cannot set it.
		assertThat(api()
			.put("/engine-rest/task/" + taskId + "/variables/consultationId", reviewer,
					Map.of("value", victim, "type", "String"))
			.status()).isEqualTo(400);
		assertThat(api()
			.post("/engine-rest/task/" + taskId + "/complete", reviewer,
					Map.of("variables",
							Map.of("decision", Map.of("value", "approved"), "consultationId", Map.of("value", victim))))
			.status()).isEqualTo(400);
		assertThat(get(agent, own).get("state").asText()).isEqualTo("pending");
		assertThat(api()
			.post("/engine-rest/task/" + taskId + "/complete", reviewer,
					Map.of("variables", Map.of("decision", Map.of("value", "approved"))))
			.status()).isEqualTo(204);
		assertThat(get(agent, own).get("state").asText()).isEqualTo("responded");
		assertThat(get(victimAgent, victim).get("state").asText()).isEqualTo("pending");
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
