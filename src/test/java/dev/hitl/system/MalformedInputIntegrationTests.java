package dev.hitl.system;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import dev.hitl.PostgresIntegrationTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken input on PostgreSQL, which is stricter than H2 (no NUL in text, a
 * limited timestamp range): broken JSON, wrong types, unknown enum values, huge strings,
 * deep nesting, bad durations and dates, unicode edge cases. Every one is answered 4xx
 * with problem+json, never 5xx, and stores nothing: no consultation, process instance,
 * key or idempotency record.
 */
class MalformedInputIntegrationTests extends PostgresIntegrationTestSupport {

	private static final ObjectMapper JSON = new ObjectMapper();

	private String agent;

	@BeforeEach
	void agent() {
		this.agent = newAgent();
	}

	static Stream<String> malformedCreations() {
		String deepArray = "[".repeat(5_000) + "]".repeat(5_000);
		String deepObject = "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000);
		return Stream.of(
				// Broken JSON
				"", "{", "{\"title\":", "{\"title\": \"t\"", "[", "nul", "{\"title\": 'single'}", "{title: \"t\"}",
				"{\"title\": \"t\"}}", "{\"title\": \"t\",}", "\u0000", "{\"title\": \"\\x41\"}",
				"{\"title\": \"tab\tinside\"}",
				// Wrong types
				"{\"title\": 5}", "{\"title\": [\"t\"]}", "{\"title\": {\"t\": 1}}", "{\"title\": true}",
				"{\"title\": null}", "{\"title\": \"t\", \"response_type\": 1}", "{\"title\": \"t\", \"options\": {}}",
				"{\"title\": \"t\", \"context\": \"text\"}", "{\"title\": \"t\", \"priority\": 5}",
				"{\"title\": \"t\", \"timeout\": 60}", "{\"title\": \"t\", \"timeout\": true}",
				"{\"title\": \"t\", \"reviewers\": \"x\"}", "{\"title\": \"t\", \"reviewers\": {\"groups\": [1]}}",
				"{\"title\": \"t\", \"callback_url\": 1}", "{\"title\": \"t\", \"external_ref\": {}}",
				"{\"title\": \"t\", \"process\": []}", "{\"title\": 1e999999}",
				// Unknown enum values
				"{\"title\": \"t\", \"response_type\": \"Approval\"}", "{\"title\": \"t\", \"response_type\": \"\"}",
				"{\"title\": \"t\", \"response_type\": \" approval\"}", "{\"title\": \"t\", \"priority\": \"URGENT\"}",
				"{\"title\": \"t\", \"priority\": \"critical\"}", "{\"title\": \"t\", \"unknown\": 1}",
				// Huge strings (within the body limit)
				json("title", "x".repeat(201)), json("title", "x".repeat(100_000)),
				json("description", "d".repeat(10_001)), json("external_ref", "r".repeat(201)),
				json("callback_url", "https://agent.example.com/" + "p".repeat(3_000)),
				json("process", "p".repeat(300)),
				"{\"title\": \"t\", \"response_type\": \"choice\", \"options\": [{\"value\": \"a\", \"label\": \""
						+ "l".repeat(201) + "\"}, {\"value\": \"b\", \"label\": \"B\"}]}",
				// Deep nesting
				"{\"title\": \"t\", \"context\": " + deepObject + "}",
				"{\"title\": \"t\", \"context\": {\"a\": " + deepArray + "}}", deepArray,
				"{\"title\": \"t\", \"context\": " + "{\"n\":".repeat(21) + "1" + "}".repeat(21) + "}",
				// Bad durations
				json("timeout", "P"), json("timeout", "PT"), json("timeout", "-PT5S"), json("timeout", "PT0S"),
				json("timeout", "PT4.999S"), json("timeout", "P31D"), json("timeout", "P1Y"), json("timeout", "P1M"),
				json("timeout", "PT99999999999999999999H"), json("timeout", "5 minutes"), json("timeout", ""),
				json("timeout", "PT1H "),
				// Unicode edge cases
				"{\"title\": \"nul\\u0000byte\"}", "{\"title\": \"lone \\ud800 surrogate\"}",
				"{\"title\": \"lone \\udc00 low\"}", "{\"title\": \"t\", \"description\": \"nul\\u0000\"}",
				"{\"title\": \"t\", \"external_ref\": \"ref\\u0000\"}",
				"{\"title\": \"t\", \"callback_url\": \"https://agent.example.com/\\u0000\"}",
				"{\"title\": \"t\", \"response_type\": \"choice\", \"options\": [{\"value\": \"a\\u0000\", \"label\": "
						+ "\"A\"}, {\"value\": \"b\", \"label\": \"B\"}]}",
				"{\"title\": \"t\", \"reviewers\": {\"users\": [\"r\\u0000\"]}}",
				json("title", "\ud83d\ude00".repeat(201)), "{\"title\": \"t\", \"process\": \"consultation\\u0000\"}");
	}

	@ParameterizedTest
	@MethodSource("malformedCreations")
	void malformedCreationsAre4xxProblemsAndStoreNothing(String body) {
		Stored before = stored();
		Result refused = api().post("/api/v1/consultations", this.agent, body);
		assertProblem(refused);
		assertThat(stored()).isEqualTo(before);
	}

	@Test
	void aBodyOverTheLimitIsRefusedBeforeParsing() {
		Stored before = stored();
		Result refused = api().post("/api/v1/consultations", this.agent, json("title", "x".repeat(300_000)));
		assertThat(refused.status()).isEqualTo(413);
		assertProblem(refused);
		assertThat(stored()).isEqualTo(before);
	}

	@Test
	void oddButLegalInputIsStoredAndReadBack() {
		List<String> ids = new ArrayList<>();
		for (String body : List.of(json("title", "\ud83d\ude00".repeat(200)),
				json("title", "\u202eright-to-left\u202c and zero\u200bwidth"), json("title", "e\u0301 combining"),
				"{\"title\": \"huge number\", \"context\": {\"n\": 1e400, \"m\": -1e400, \"big\": "
						+ "123456789012345678901234567890}}",
				"{\"title\": \"controls in context\", \"context\": {\"k\\u0000ey\": \"v\\u0000al\\u001f\"}}")) {
			Result created = api().post("/api/v1/consultations", this.agent, body);
			assertThat(created.status()).as(created.toString()).isEqualTo(201);
			ids.add(created.json().get("id").asText());
		}
		for (String id : ids) {
			Result read = api().get("/api/v1/consultations/" + id, this.agent);
			assertThat(read.status()).as(read.toString()).isEqualTo(200);
		}
		assertThat(api().get("/api/v1/consultations", this.agent).status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "state=PENDING", "state=%00", "priority=URGENT", "external_ref=%00",
			"updated_after=2026-13-01T00:00:00Z", "updated_after=2026-11-23", "updated_after=2026-11-23T10:00:00",
			"updated_after=%2B999999999-12-31T23:59:59Z", "updated_after=-999999999-01-01T00:00:00Z",
			"updated_after=%00", "page=99999999999", "page=1e3", "page_size=-1", "page_size=%00" })
	void malformedListQueriesAre400(String query) {
		assertProblem(api().get("/api/v1/consultations?" + query, this.agent));
	}

	@Test
	void malformedAnswersAre4xxAndLeaveTheConsultationPending() {
		String group = uniqueId("team");
		String reviewer = newReviewer(uniqueId("rev"), group);
		String id = create(this.agent, map("title", "Answer me badly", "response_type", "text", "reviewers",
				reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		String path = "/api/v1/consultations/" + id + "/respond";
		for (String body : List.of("", "{", "[]", "{\"text\": 1}", "{\"text\": [\"a\"]}",
				"{\"decision\": \"APPROVED\"}", "{\"text\": \"nul\\u0000\"}",
				"{\"text\": \"ok\", \"comment\": \"\\ud800\"}", json("text", "x".repeat(4_001)),
				"{\"text\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}", "{\"text\": \"ok\", \"extra\": true}")) {
			assertProblem(api().post(path, reviewer, body));
		}
		Result tooLarge = api().post(path, reviewer, json("text", "x".repeat(300_000)));
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(get(this.agent, id).get("state").asText()).isEqualTo("pending");
		assertThat(api().get("/api/v1/consultations/not-a-uuid", this.agent).status()).isEqualTo(400);
		// Tomcat itself refuses an encoded NUL in the path, before the application sees
		// it.
		assertThat(api().post("/api/v1/consultations/%00/respond", reviewer, json("text", "ok")).status())
			.isEqualTo(400);
	}

	@Test
	void malformedApiKeyRequestsAre400AndCreateNoKey() {
		Stored before = stored();
		for (String body : List.of("", "{", "{\"name\": 1, \"owner\": \"o\"}",
				"{\"name\": \"n\\u0000\", \"owner\": \"o\"}", "{\"name\": \"n\", \"owner\": \"\\u0000\"}",
				"{\"name\": \"n\", \"owner\": \"line\\nbreak\"}", "{\"name\": \"n\", \"owner\": \"\\ud800\"}",
				"{\"name\": \"" + "n".repeat(201) + "\", \"owner\": \"o\"}")) {
			assertProblem(api().post("/api/v1/api-keys", ADMIN_AUTH, body));
		}
		assertProblem(api().delete("/api/v1/api-keys/not-a-uuid", ADMIN_AUTH));
		assertThat(stored()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "actor=%00", "actor=a%0Ab", "action=nope", "consultation_id=not-a-uuid",
			"from=%2B999999999-12-31T23:59:59Z", "to=-999999999-01-01T00:00:00Z", "from=yesterday", "page=0" })
	void malformedAuditQueriesAre400(String query) {
		assertProblem(api().get("/api/v1/audit-events?" + query, ADMIN_AUTH));
	}

	@Test
	void aLoginNameNoAccountCanHaveFailsLikeAWrongPasswordAndIsRecorded() {
		String unknown = "select count(*) from audit_event where action = 'login.failed' and actor = '(unknown)'";
		long before = this.jdbc.queryForObject(unknown, Long.class);
		Result basic = api().get("/api/v1/review/consultations", HttpApi.basic("rev\u0000iewer", "whatever"));
		assertThat(basic.status()).as(basic.toString()).isEqualTo(401);
		assertThat(basic.contentType()).startsWith("application/problem+json");
		Result webapp = api().postForm("/camunda/api/admin/auth/user/default/login/tasklist",
				"username=" + URLEncoder.encode("rev\u0000iewer", StandardCharsets.UTF_8) + "&password=whatever");
		assertThat(webapp.status()).as(webapp.toString()).isEqualTo(401);
		assertThat(this.jdbc.queryForObject(unknown, Long.class)).isEqualTo(before + 2);
	}

	private static void assertProblem(Result result) {
		assertThat(result.status()).as(result.toString()).isBetween(400, 499);
		assertThat(result.contentType()).as(result.toString()).startsWith("application/problem+json");
	}

	private static String json(String field, String value) {
		try {
			return JSON
				.writeValueAsString(("title".equals(field)) ? map("title", value) : map("title", "t", field, value));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Stored stored() {
		return new Stored(count("select count(*) from consultation"), count("select count(*) from api_key"),
				count("select count(*) from idempotency_key"), count("select count(*) from act_hi_procinst"));
	}

	private long count(String sql) {
		return this.jdbc.queryForObject(sql, Long.class);
	}

	record Stored(long consultations, long apiKeys, long idempotencyKeys, long processInstances) {
	}

}
