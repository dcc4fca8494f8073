package dev.hitl.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import dev.hitl.TasklistSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression tests for the two known Camunda 7.24 CE issues this project mitigates: the
 * Admin webapp's first-run setup, and expressions in task queries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class CamundaWebappGuardTests extends ApiTestSupport {

	private static final String EXPRESSION = "${''.getClass().forName('java.lang.Runtime')}";

	@Test
	void theSetupEndpointNeverCreatesAUser() {
		String userId = uniqueId("intruder");
		Map<String, Object> user = Map.of("profile", Map.of("id", userId, "firstName", "I", "lastName", "I"),
				"credentials", Map.of("password", "intruder-password"));
		Result anonymous = api().post("/camunda/api/admin/setup/default/user/create", null, user);
		assertThat(anonymous.status()).isEqualTo(403);
		assertThat(anonymous.contentType()).startsWith("application/problem+json");
		// Not with a webapp session and its CSRF token either, admin or not.
		TasklistSession admin = new TasklistSession(this.port);
		assertThat(admin.login(ADMIN, ADMIN_PASSWORD)).isEqualTo(200);
		admin.engineGet("/filter?resourceType=Task");
		assertThat(admin.enginePost("/../../admin/setup/default/user/create", user).statusCode()).isIn(400, 403);
		assertThat(api().post("/camunda/api/admin/setup/default/user/create?x=1", null, user).status()).isEqualTo(403);
		assertThat(api().post("/camunda/api/admin/setup/%64efault/user/create", null, user).status()).isIn(400, 403);
		assertThat(this.jdbc.queryForObject("select count(*) from act_id_user where id_ = ?", Long.class, userId))
			.isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "${", "#{" })
	void taskQueriesWithExpressionsAreRefusedOnTheEngineRestApi(String opening) {
		String expression = opening + "currentUser()}";
		assertRefused(api().get("/engine-rest/task?assigneeExpression=" + encode(expression), ADMIN_AUTH));
		assertRefused(api().get("/engine-rest/task/count?candidateUserExpression=" + encode(expression), ADMIN_AUTH));
		assertRefused(api().post("/engine-rest/task", ADMIN_AUTH,
				Map.of("orQueries", List.of(Map.of("assigneeExpression", expression)))));
		assertRefused(api().post("/engine-rest/task/count", ADMIN_AUTH,
				Map.of("orQueries", List.of(Map.of("dueAfterExpression", expression)))));
		assertRefused(api().post("/engine-rest/engine/default/task", ADMIN_AUTH,
				Map.of("processVariables", List.of(Map.of("name", "x", "operator", "eq", "value", expression)))));
	}

	@Test
	void escapedExpressionsAreRecognisedToo() {
		assertRefused(api().post("/engine-rest/task", ADMIN_AUTH,
				"{\"orQueries\":[{\"assigneeExpression\":\"\\u0024{currentUser()}\"}]}"));
		assertRefused(api().post("/engine-rest/task", ADMIN_AUTH, "{\"orQueries\": [ not json"));
		assertRefused(api().get("/engine-rest/task?assigneeExpression=%24%7B1%7D", ADMIN_AUTH));
	}

	@Test
	void taskQueriesWithExpressionsAreRefusedThroughTheWebapps() {
		TasklistSession tasklist = new TasklistSession(this.port);
		assertThat(tasklist.login(ADMIN, ADMIN_PASSWORD)).isEqualTo(200);
		// As Tasklist does: a first read after login fetches the new session's CSRF
		// token.
		tasklist.engineGet("/filter?resourceType=Task");
		assertThat(tasklist
			.enginePost("/task", Map.of("orQueries", List.of(Map.of("candidateGroupExpression", EXPRESSION))))
			.statusCode()).isEqualTo(400);
		assertThat(tasklist.enginePost("/task", Map.of("assignee", ADMIN)).statusCode()).isEqualTo(200);
	}

	@Test
	void storedFiltersMayOnlyUseTasklistsOwnExpressions() {
		Result safe = api().post("/engine-rest/filter/create", ADMIN_AUTH,
				Map.of("resourceType", "Task", "name", uniqueId("mine"), "query", Map.of("assigneeExpression",
						"${currentUser()}", "dueBeforeExpression", "${dateTime().plusDays(2).toDate()}")));
		assertThat(safe.status()).as(safe.toString()).isEqualTo(200);
		String filterId = safe.json().get("id").asText();
		assertThat(api().get("/engine-rest/filter/" + filterId + "/list", ADMIN_AUTH).status()).isEqualTo(200);
		assertRefused(api().post("/engine-rest/filter/create", ADMIN_AUTH, Map.of("resourceType", "Task", "name",
				uniqueId("evil"), "query", Map.of("assigneeExpression", EXPRESSION))));
		assertRefused(api().put("/engine-rest/filter/" + filterId, ADMIN_AUTH, Map.of("resourceType", "Task", "name",
				"mine", "query", Map.of("candidateGroupsExpression", "${currentUserGroups()} ${1+1}"))));
		assertRefused(api().post("/engine-rest/filter/" + filterId + "/list", ADMIN_AUTH,
				Map.of("assigneeExpression", "${currentUser()}")));
	}

	@Test
	void ordinaryQueriesAndAnswersThatMentionExpressionsStillWork() {
		assertThat(api().get("/engine-rest/task?assignee=" + ADMIN, ADMIN_AUTH).status()).isEqualTo(200);
		assertThat(api().post("/engine-rest/task", ADMIN_AUTH, Map.of("orQueries", List.of(Map.of("assignee", ADMIN))))
			.status()).isEqualTo(200);
		// Only queries are checked: an answer may contain "${" as text.
		String group = uniqueId("team");
		String reviewer = newReviewer(uniqueId("rev"), group);
		String id = create(newAgent(),
				Map.of("title", "Text?", "response_type", "text", "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		assertThat(api().post("/api/v1/consultations/" + id + "/respond", reviewer, Map.of("text", "costs ${100}"))
			.status()).isEqualTo(200);
	}

	private static void assertRefused(Result result) {
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.contentType()).startsWith("application/problem+json");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
