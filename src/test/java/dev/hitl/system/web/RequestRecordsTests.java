package dev.hitl.system.web;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies read as validated records answer the API's one 400 problem: title
 * "Invalid request", each broken field named by its JSON name in {@code errors} and in
 * the detail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RequestRecordsTests extends ApiTestSupport {

	private static final String KEYS = "/api/v1/api-keys";

	@Test
	void anAnswerOfTheWrongShapeNamesTheField() {
		String group = uniqueId("team");
		String reviewer = newReviewer(uniqueId("rev"), group);
		String id = create(newAgent(), map("title", "Refund?", "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		String respond = "/api/v1/consultations/" + id + "/respond";
		assertInvalid(api().post(respond, reviewer, "{\"decision\": 1}"), "decision", "must be a string");
		assertInvalid(api().post(respond, reviewer, "{\"decision\": {\"$gt\": \"\"}}"), "decision", "must be a string");
		assertInvalid(api().post(respond, reviewer, "{\"comment\": true, \"decision\": \"approved\"}"), "comment",
				"must be a string");
		assertInvalid(api().post(respond, reviewer, "{\"decision\": \"approved\", \"by\": \"ceo\"}"), "by",
				"is not a known field");
		assertInvalid(api().post(respond, reviewer, "[]"), "body", "must be a JSON object");
		assertInvalid(api().post(respond, reviewer, "\"approved\""), "body", "must be a JSON object");
		assertInvalid(api().post(respond, reviewer, "{\"decision\": \"maybe\"}"), "decision",
				"decision must be 'approved' or 'rejected'");
		Result answered = api().post(respond, reviewer, "{\"decision\": \"approved\", \"comment\": null}");
		assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
	}

	@Test
	void anApiKeyRequestNamesEveryBrokenField() {
		assertInvalid(api().post(KEYS, ADMIN_AUTH, map("name", "x")), "owner",
				"is required and must be a non-empty string");
		assertInvalid(api().post(KEYS, ADMIN_AUTH, map("name", 5, "owner", "o")), "name", "must be a string");
		assertInvalid(api().post(KEYS, ADMIN_AUTH, map("name", " \u2003 ", "owner", "o")), "name",
				"is required and must be a non-empty string");
		assertInvalid(api().post(KEYS, ADMIN_AUTH, map("name", "a\u0001b", "owner", "o")), "name",
				"must not contain control characters or unpaired surrogates");
		assertInvalid(api().post(KEYS, ADMIN_AUTH, map("name", "n".repeat(201), "owner", "o")), "name",
				"must be at most 200 characters");
		assertInvalid(api().post(KEYS, ADMIN_AUTH, "[]"), "body", "must be a JSON object");
		Result both = api().post(KEYS, ADMIN_AUTH, map("name", "", "owner", ""));
		assertThat(both.status()).isEqualTo(400);
		assertThat(both.json().get("errors")).extracting((error) -> error.get("field").asText())
			.containsExactly("name", "owner");
	}

	@Test
	void anApiKeyNameIsStrippedAndFieldsItDoesNotReadAreIgnored() {
		Result created = api().post(KEYS, ADMIN_AUTH,
				Map.of("name", "  refund-bot ", "owner", uniqueId("billing"), "note", "ignored"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().get("name").asText()).isEqualTo("refund-bot");
	}

	private static void assertInvalid(Result refused, String field, String message) {
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		JsonNode problem = refused.json();
		assertThat(problem.get("title").asText()).isEqualTo("Invalid request");
		assertThat(problem.get("errors")).singleElement().satisfies((error) -> {
			assertThat(error.get("field").asText()).isEqualTo(field);
			assertThat(error.get("message").asText()).isEqualTo(message);
		});
		assertThat(problem.get("detail").asText()).isEqualTo(field + ": " + message);
	}

}
