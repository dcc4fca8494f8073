package dev.hitl.consultation;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the embedded database keeps of a consultation: the API's limits in characters,
 * emoji included, and stored JSON that a newer version of the service wrote.
 * {@link TextLimitsIntegrationTests} runs the same limits on PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class StoredTextTests extends ApiTestSupport {

	@Test
	void emojiUpToEachLimitAreKept() {
		String group = uniqueId("team");
		TextLimits.emojiUpToEachLimitAreKept(api(), newAgent(), newReviewer(uniqueId("rev"), group), group);
	}

	@Test
	void oneEmojiOverEachLimitIsRefused() {
		String group = uniqueId("team");
		TextLimits.oneEmojiOverEachLimitIsRefused(api(), newAgent(), newReviewer(uniqueId("rev"), group), group);
	}

	/**
	 * During a rolling upgrade a newer node may store fields this one does not know: it
	 * still reads the consultation, while the API itself stays strict with requests.
	 */
	@Test
	void storedJsonWithFieldsOfANewerVersionIsStillRead() {
		String group = uniqueId("team");
		String reviewer = newReviewer(uniqueId("rev"), group);
		String agent = newAgent();
		String id = create(agent,
				map("title", "Upgraded", "response_type", "choice", "options",
						List.of(map("value", "a", "label", "A"), map("value", "b", "label", "B")), "reviewers",
						reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		assertThat(api().post("/api/v1/consultations/" + id + "/respond", reviewer, map("choice", "b")).status())
			.isEqualTo(200);
		this.jdbc.update(
				"update consultation set response_json = replace(response_json, '{', '{\"weight\":3,'), "
						+ "reviewers_json = replace(reviewers_json, '{', '{\"escalation\":{\"groups\":[]},'), "
						+ "options_json = replace(options_json, '{', '{\"hint\":\"x\",') where id = ?",
				java.util.UUID.fromString(id));
		JsonNode read = get(agent, id);
		assertThat(read.get("response").get("choice").asText()).isEqualTo("b");
		assertThat(read.get("reviewers").get("groups").get(0).asText()).isEqualTo(group);
		assertThat(read.get("options").get(1).get("label").asText()).isEqualTo("B");
		assertThat(read.get("response").has("weight")).isFalse();
		assertThat(api().post("/api/v1/consultations", agent, map("title", "Strict", "weight", 3)).status())
			.isEqualTo(400);
	}

}
