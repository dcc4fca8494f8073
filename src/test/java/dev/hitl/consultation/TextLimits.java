package dev.hitl.consultation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's text limits count characters (code points), on every database: a character
 * outside the Basic Multilingual Plane, as most emoji are, is two UTF-16 units, which is
 * how H2 measures a column. Shared by the H2 and the PostgreSQL tests.
 */
final class TextLimits {

	static final String EMOJI = "\uD83D\uDE00";

	private TextLimits() {
	}

	/** Each field at its limit in emoji is stored and read back as sent. */
	static void emojiUpToEachLimitAreKept(HttpApi api, String agent, String reviewer, String group) {
		String title = EMOJI.repeat(200);
		String externalRef = EMOJI.repeat(200);
		String description = EMOJI.repeat(10_000);
		String label = EMOJI.repeat(200);
		Result created = api.post("/api/v1/consultations", agent,
				map("title", title, "description", description, "external_ref", externalRef, "response_type", "choice",
						"options", List.of(map("value", "a", "label", label), map("value", "b", "label", "B")),
						"reviewers", map("groups", List.of(group), "users", List.of())));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().get("id").asText();
		JsonNode stored = api.get("/api/v1/consultations/" + id, agent).json();
		assertThat(stored.get("title").asText()).isEqualTo(title);
		assertThat(stored.get("description").asText()).isEqualTo(description);
		assertThat(stored.get("external_ref").asText()).isEqualTo(externalRef);
		assertThat(stored.get("options").get(0).get("label").asText()).isEqualTo(label);
		JsonNode found = api
			.get("/api/v1/consultations?external_ref=" + URLEncoder.encode(externalRef, StandardCharsets.UTF_8), agent)
			.json();
		assertThat(found.get("items")).extracting((item) -> item.get("id").asText()).containsExactly(id);

		String comment = EMOJI.repeat(2_000);
		Result answered = api.post("/api/v1/consultations/" + id + "/respond", reviewer,
				map("choice", "a", "comment", comment));
		assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
		assertThat(api.get("/api/v1/consultations/" + id, agent).json().get("response").get("comment").asText())
			.isEqualTo(comment);
	}

	/** One character more than each limit is refused, naming the field. */
	static void oneEmojiOverEachLimitIsRefused(HttpApi api, String agent, String reviewer, String group) {
		assertRefused(api.post("/api/v1/consultations", agent, map("title", EMOJI.repeat(201))), "title");
		assertRefused(api.post("/api/v1/consultations", agent, map("title", "t", "external_ref", EMOJI.repeat(201))),
				"external_ref");
		assertRefused(api.post("/api/v1/consultations", agent, map("title", "t", "description", EMOJI.repeat(10_001))),
				"description");
		Result created = api.post("/api/v1/consultations", agent,
				map("title", "t", "reviewers", map("groups", List.of(group), "users", List.of())));
		String id = created.json().get("id").asText();
		assertRefused(api.post("/api/v1/consultations/" + id + "/respond", reviewer,
				map("decision", "approved", "comment", EMOJI.repeat(2_001))), "decision");
		assertThat(api.get("/api/v1/consultations/" + id, agent).json().get("state").asText()).isEqualTo("pending");
	}

	private static void assertRefused(Result result, String field) {
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
	}

}
