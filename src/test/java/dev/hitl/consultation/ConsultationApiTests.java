package dev.hitl.consultation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ConsultationApiTests extends ApiTestSupport {

	@Test
	void createAnswers201WithLocationAndTheResource() {
		String agent = newAgent();
		Result created = api().post("/api/v1/consultations", agent,
				map("title", "Which reply?", "description", "Pick **one**", "response_type", "choice", "options",
						List.of(map("value", "a", "label", "Reply A"), map("value", "b", "label", "Reply B")),
						"context", map("ticket", 42, "nested", map("x", List.of(1, 2))), "priority", "high", "timeout",
						"PT2H", "reviewers", reviewers(List.of("support"), List.of("rita")), "external_ref", "uow-1",
						"callback_url", "https://agent.example.com/hook"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode body = created.json();
		assertThat(created.header("Location")).isEqualTo("/api/v1/consultations/" + body.get("id").asText());
		assertThat(created.contentType()).startsWith("application/json");
		assertThat(body.get("state").asText()).isEqualTo("pending");
		assertThat(body.get("response_type").asText()).isEqualTo("choice");
		assertThat(body.get("options")).hasSize(2);
		assertThat(body.get("options").get(0).get("label").asText()).isEqualTo("Reply A");
		assertThat(body.get("context").get("ticket").asInt()).isEqualTo(42);
		assertThat(body.get("priority").asText()).isEqualTo("high");
		assertThat(body.get("external_ref").asText()).isEqualTo("uow-1");
		assertThat(body.get("process").asText()).isEqualTo("consultation");
		assertThat(body.get("reviewers").get("groups").get(0).asText()).isEqualTo("support");
		assertThat(body.get("reviewers").get("users").get(0).asText()).isEqualTo("rita");
		assertThat(body.get("assignee").isNull()).isTrue();
		assertThat(body.get("response").isNull()).isTrue();
		assertThat(body.get("callback").get("status").asText()).isEqualTo("pending");
		assertThat(body.get("callback").get("attempts").asInt()).isZero();
		java.time.Instant createdAt = java.time.Instant.parse(body.get("created_at").asText());
		assertThat(java.time.Instant.parse(body.get("expires_at").asText())).isEqualTo(createdAt.plusSeconds(7200));
		assertThat(body.has("owner")).isFalse();
		assertThat(body.has("process_instance_id")).isFalse();
	}

	@Test
	void defaultsApplyWhenOptionalFieldsAreMissing() {
		JsonNode body = create(newAgent(), map("title", "Approve the refund?"));
		assertThat(body.get("response_type").asText()).isEqualTo("approval");
		assertThat(body.get("priority").asText()).isEqualTo("normal");
		assertThat(body.get("reviewers").get("groups")).extracting(JsonNode::asText).containsExactly("reviewers");
		assertThat(body.get("context").isObject()).isTrue();
		assertThat(body.get("callback").get("status").asText()).isEqualTo("none");
		java.time.Instant createdAt = java.time.Instant.parse(body.get("created_at").asText());
		assertThat(java.time.Instant.parse(body.get("expires_at").asText()))
			.isEqualTo(createdAt.plus(java.time.Duration.ofHours(24)));
	}

	@Test
	void theLongestDescriptionAndContextReachTheReviewFormIntact() throws Exception {
		String description = "Read **all** of it. " + "d".repeat(9_980);
		Map<String, Object> context = map("blob", "c".repeat(60_000), "nested", map("list", List.of(1, 2, 3)));
		Result created = api().post("/api/v1/consultations", newAgent(),
				map("title", "Long", "description", description, "context", context));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().get("id").asText();
		JsonNode tasks = api().get("/engine-rest/task?processInstanceBusinessKey=" + id, ADMIN_AUTH).json();
		assertThat(tasks).hasSize(1);
		JsonNode variables = api()
			.get("/engine-rest/task/" + tasks.get(0).get("id").asText() + "/form-variables?deserializeValues=false",
					ADMIN_AUTH)
			.json();
		// Tasklist's forms parse a Json variable, so the form shows the very text.
		com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
		assertThat(json.readTree(variables.get("description").get("value").asText()).asText()).isEqualTo(description);
		assertThat(json.readTree(json.readTree(variables.get("contextJson").get("value").asText()).asText()))
			.isEqualTo(json.valueToTree(context));
		assertThat(variables.get("title").get("type").asText()).isEqualTo("String");
	}

	static Stream<Arguments> invalidBodies() {
		List<Map<String, Object>> tooMany = IntStream.range(0, 21)
			.mapToObj((i) -> map("value", "v" + i, "label", "L" + i))
			.map((m) -> (Map<String, Object>) m)
			.toList();
		Map<String, Object> deep = new HashMap<>();
		Map<String, Object> cursor = deep;
		for (int i = 0; i < 21; i++) {
			Map<String, Object> next = new HashMap<>();
			cursor.put("n", next);
			cursor = next;
		}
		List<Map<String, String>> two = List.of(Map.of("value", "a", "label", "A"), Map.of("value", "b", "label", "B"));
		return Stream.of(Arguments.of("title", map("description", "no title")), Arguments.of("title", map("title", "")),
				Arguments.of("title", map("title", "   ")), Arguments.of("title", map("title", "x".repeat(201))),
				Arguments.of("title", map("title", 5)), Arguments.of("title", map("title", "nul\u0000byte")),
				Arguments.of("description", map("title", "t", "description", "d".repeat(10_001))),
				Arguments.of("description", map("title", "t", "description", List.of("x"))),
				Arguments.of("response_type", map("title", "t", "response_type", "vote")),
				Arguments.of("options", map("title", "t", "response_type", "choice")),
				Arguments.of("options",
						map("title", "t", "response_type", "choice", "options",
								List.of(Map.of("value", "a", "label", "A")))),
				Arguments.of("options", map("title", "t", "response_type", "choice", "options", tooMany)),
				Arguments.of("options", map("title", "t", "response_type", "choice", "options", "a,b")),
				Arguments.of("options[1]",
						map("title", "t", "response_type", "choice", "options",
								List.of(Map.of("value", "a", "label", "A"), Map.of("value", "b")))),
				Arguments.of("options[1].value",
						map("title", "t", "response_type", "choice", "options",
								List.of(Map.of("value", "a", "label", "A"), Map.of("value", "a", "label", "B")))),
				Arguments.of("options", map("title", "t", "options", two)),
				Arguments.of("options", map("title", "t", "response_type", "text", "options", two)),
				Arguments.of("context", map("title", "t", "context", List.of(1, 2))),
				Arguments.of("context", map("title", "t", "context", "text")),
				Arguments.of("context", map("title", "t", "context", map("blob", "x".repeat(66_000)))),
				Arguments.of("context", map("title", "t", "context", deep)),
				Arguments.of("priority", map("title", "t", "priority", "critical")),
				Arguments.of("timeout", map("title", "t", "timeout", "tomorrow")),
				Arguments.of("timeout", map("title", "t", "timeout", "PT4S")),
				Arguments.of("timeout", map("title", "t", "timeout", "P31D")),
				Arguments.of("timeout", map("title", "t", "timeout", 60)),
				Arguments.of("reviewers", map("title", "t", "reviewers", List.of("a"))),
				Arguments.of("reviewers.groups", map("title", "t", "reviewers", map("groups", "a"))),
				Arguments.of("reviewers.users", map("title", "t", "reviewers", map("users", List.of("bad user!")))),
				Arguments.of("reviewers.teams", map("title", "t", "reviewers", map("teams", List.of("a")))),
				Arguments.of("callback_url", map("title", "t", "callback_url", "ftp://agent.example.com/hook")),
				Arguments.of("callback_url", map("title", "t", "callback_url", "/relative")),
				Arguments.of("callback_url", map("title", "t", "callback_url", "https://user:pw@agent.example.com/")),
				Arguments.of("callback_url", map("title", "t", "callback_url", "http://127.0.0.1:9000/hook")),
				Arguments.of("callback_url", map("title", "t", "callback_url", "http://localhost/hook")),
				Arguments.of("callback_url", map("title", "t", "callback_url", "http://[::1]/hook")),
				Arguments.of("callback_url", map("title", "t", "callback_url", "http://10.1.2.3/hook")),
				Arguments.of("callback_url", map("title", "t", "callback_url", "http://169.254.169.254/latest")),
				Arguments.of("external_ref", map("title", "t", "external_ref", "r".repeat(201))),
				Arguments.of("process", map("title", "t", "process", "no-such-process")),
				Arguments.of("process", map("title", "t", "process", "bad key with spaces")),
				Arguments.of("surprise", map("title", "t", "surprise", true)));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("invalidBodies")
	void everyViolatedRuleAnswers400NamingTheFieldAndStoresNothing(String field, Map<String, Object> body) {
		String agent = newAgent();
		long before = countConsultations();
		Result refused = api().post("/api/v1/consultations", agent, body);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("errors")).extracting((error) -> error.get("field").asText()).contains(field);
		assertThat(refused.json().get("detail").asText()).contains(field);
		assertThat(countConsultations()).isEqualTo(before);
	}

	@ParameterizedTest
	@MethodSource("malformedBodies")
	void malformedBodiesAnswer400ProblemJson(String body) {
		Result refused = api().post("/api/v1/consultations", newAgent(), body);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.contentType()).startsWith("application/problem+json");
	}

	static Stream<String> malformedBodies() {
		return Stream.of("", "{", "not json", "[]", "null", "\"title\"", "{\"title\": \"t\",}", "{\"title\": \"t\"}x",
				"{\"title\": \"\\ud800\"}", "{\"title\": {\"nested\": true}}");
	}

	@Test
	void getAnswers304WhenTheEtagStillMatchesAnd200AfterAChange() {
		String agent = newAgent();
		JsonNode created = create(agent, map("title", "Approve?"));
		String path = "/api/v1/consultations/" + created.get("id").asText();
		Result first = api().get(path, agent);
		String etag = first.header("ETag");
		assertThat(etag).isNotBlank();
		assertThat(api().get(path, agent, "If-None-Match", etag).status()).isEqualTo(304);
		assertThat(api().post(path + "/cancel", agent, "").status()).isEqualTo(200);
		Result changed = api().get(path, agent, "If-None-Match", etag);
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.header("ETag")).isNotEqualTo(etag);
	}

	@Test
	void anotherOwnersConsultationIsNotFound() {
		String alice = newAgent();
		String bob = newAgent();
		String id = create(alice, map("title", "Alice's question")).get("id").asText();
		Result foreign = api().get("/api/v1/consultations/" + id, bob);
		assertThat(foreign.status()).isEqualTo(404);
		assertThat(foreign.contentType()).startsWith("application/problem+json");
		assertThat(api().post("/api/v1/consultations/" + id + "/cancel", bob, "").status()).isEqualTo(404);
		assertThat(api().get("/api/v1/consultations", bob).json().get("total").asLong()).isZero();
		assertThat(get(alice, id).get("state").asText()).isEqualTo("pending");
	}

	@Test
	void keysOfTheSameOwnerShareConsultations() {
		String owner = uniqueId("shared");
		String first = newAgent(owner);
		String second = newAgent(owner);
		String id = create(first, map("title", "Shared")).get("id").asText();
		assertThat(get(second, id).get("id").asText()).isEqualTo(id);
	}

	@Test
	void listFiltersPagesAndReportsTheEnvelope() throws Exception {
		String agent = newAgent();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(create(agent,
					map("title", "Q" + i, "priority", (i % 2 == 0) ? "high" : "low", "external_ref", "ref-" + i))
				.get("id")
				.asText());
		}
		JsonNode page = api().get("/api/v1/consultations?page=1&page_size=2", agent).json();
		assertThat(page.get("total").asLong()).isEqualTo(5);
		assertThat(page.get("page").asInt()).isEqualTo(1);
		assertThat(page.get("page_size").asInt()).isEqualTo(2);
		assertThat(page.get("pages").asLong()).isEqualTo(3);
		assertThat(page.get("items")).extracting((item) -> item.get("id").asText())
			.containsExactly(ids.get(4), ids.get(3));
		JsonNode last = api().get("/api/v1/consultations?page=3&page_size=2", agent).json();
		assertThat(last.get("items")).extracting((item) -> item.get("id").asText()).containsExactly(ids.get(0));
		assertThat(api().get("/api/v1/consultations?priority=high", agent).json().get("total").asLong()).isEqualTo(3);
		assertThat(api().get("/api/v1/consultations?external_ref=ref-1", agent)
			.json()
			.get("items")
			.get(0)
			.get("id")
			.asText()).isEqualTo(ids.get(1));
		api().post("/api/v1/consultations/" + ids.get(2) + "/cancel", agent, "");
		assertThat(api().get("/api/v1/consultations?state=cancelled", agent).json().get("items"))
			.extracting((item) -> item.get("id").asText())
			.containsExactly(ids.get(2));
		assertThat(api().get("/api/v1/consultations?state=pending", agent).json().get("total").asLong()).isEqualTo(4);
	}

	@Test
	void updatedAfterReturnsOnlyWhatChangedSince() throws Exception {
		String agent = newAgent();
		String old = create(agent, map("title", "Old")).get("id").asText();
		Thread.sleep(20);
		String since = java.time.Instant.now().toString();
		Thread.sleep(20);
		String fresh = create(agent, map("title", "Fresh")).get("id").asText();
		JsonNode changed = api().get("/api/v1/consultations?updated_after=" + since, agent).json();
		assertThat(changed.get("items")).extracting((item) -> item.get("id").asText()).containsExactly(fresh);
		api().post("/api/v1/consultations/" + old + "/cancel", agent, "");
		JsonNode later = api().get("/api/v1/consultations?updated_after=" + since, agent).json();
		assertThat(later.get("items")).extracting((item) -> item.get("id").asText())
			.containsExactlyInAnyOrder(fresh, old);
		String offset = java.net.URLEncoder.encode("2000-01-01T00:00:00+02:00",
				java.nio.charset.StandardCharsets.UTF_8);
		assertThat(api().get("/api/v1/consultations?updated_after=" + offset, agent).json().get("total").asLong())
			.isEqualTo(2);
	}

	@Test
	void listAnswers304WhileNothingChanged() {
		String agent = newAgent();
		create(agent, map("title", "One"));
		Result first = api().get("/api/v1/consultations", agent);
		String etag = first.header("ETag");
		assertThat(api().get("/api/v1/consultations", agent, "If-None-Match", etag).status()).isEqualTo(304);
		create(agent, map("title", "Two"));
		assertThat(api().get("/api/v1/consultations", agent, "If-None-Match", etag).status()).isEqualTo(200);
	}

	@ParameterizedTest
	@MethodSource("invalidListQueries")
	void invalidListQueriesAnswer400(String query, String field) {
		Result refused = api().get("/api/v1/consultations?" + query, newAgent());
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
	}

	static Stream<Arguments> invalidListQueries() {
		return Stream.of(Arguments.of("state=done", "state"), Arguments.of("priority=max", "priority"),
				Arguments.of("updated_after=yesterday", "updated_after"), Arguments.of("page=0", "page"),
				Arguments.of("page=x", "page"), Arguments.of("page_size=101", "page_size"),
				Arguments.of("page_size=0", "page_size"));
	}

	@Test
	void cancelEndsAPendingConsultationAndConflictsAfterwards() {
		String agent = newAgent();
		String id = create(agent, map("title", "Cancel me")).get("id").asText();
		Result cancelled = api().post("/api/v1/consultations/" + id + "/cancel", agent, "");
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().get("state").asText()).isEqualTo("cancelled");
		Result again = api().post("/api/v1/consultations/" + id + "/cancel", agent, "");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.contentType()).startsWith("application/problem+json");
	}

	@Test
	void unknownIdsAreNotFoundAndMalformedIdsAreBadRequests() {
		String agent = newAgent();
		assertThat(api().get("/api/v1/consultations/" + java.util.UUID.randomUUID(), agent).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/consultations/not-a-uuid", agent).status()).isEqualTo(400);
	}

	@Test
	void agentsNeedAValidKey() {
		assertThat(api().get("/api/v1/consultations", null).status()).isEqualTo(401);
		assertThat(api().get("/api/v1/consultations", HttpApi.bearer("hitl_unknown")).status()).isEqualTo(401);
		assertThat(api().post("/api/v1/consultations", null, map("title", "t")).status()).isEqualTo(401);
		assertThat(countConsultationsTitled("t")).isZero();
	}

	private long countConsultations() {
		return this.jdbc.queryForObject("select count(*) from consultation", Long.class);
	}

	private long countConsultationsTitled(String title) {
		return this.jdbc.queryForObject("select count(*) from consultation where title = ?", Long.class, title);
	}

}
