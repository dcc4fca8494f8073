package dev.hitl.consultation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The list's {@code updated_after} mode on the embedded database: oldest change first,
 * {@code next_updated_after} to follow, ties at a page boundary, and the edge's rules.
 * The two-node, late-commit case runs on PostgreSQL in
 * {@link ConsultationPollingIntegrationTests}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DifferentialPollingTests extends ApiTestSupport {

	private static final String EPOCH = "1970-01-01T00:00:00Z";

	@Test
	void changesComeOldestFirstWithTheCursorForTheNextPoll() {
		String agent = newAgent();
		String first = create(agent, map("title", "First")).get("id").asText();
		String second = create(agent, map("title", "Second")).get("id").asText();
		assertThat(api().post("/api/v1/consultations/" + first + "/cancel", agent, "").status()).isEqualTo(200);

		JsonNode page = poll(agent, EPOCH, 10);
		assertThat(page.get("items")).extracting((item) -> item.get("id").asText()).containsExactly(second, first);
		assertThat(page.get("items").get(1).get("state").asText()).isEqualTo("cancelled");
		assertThat(page.get("total").asLong()).isEqualTo(2);
		Instant next = Instant.parse(page.get("next_updated_after").asText());
		assertThat(next).isAfter(Instant.parse(page.get("items").get(1).get("updated_at").asText()));

		JsonNode quiet = poll(agent, next.toString(), 10);
		assertThat(quiet.get("items")).isEmpty();
		assertThat(Instant.parse(quiet.get("next_updated_after").asText())).isAfterOrEqualTo(next);
		String third = create(agent, map("title", "Third")).get("id").asText();
		assertThat(poll(agent, quiet.get("next_updated_after").asText(), 10).get("items"))
			.extracting((item) -> item.get("id").asText())
			.containsExactly(third);
	}

	@Test
	void followingTheCursorThroughFullPagesSkipsNothing() {
		String agent = newAgent();
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			created.add(create(agent, map("title", "Q" + i)).get("id").asText());
		}
		List<String> seen = follow(agent, 2);
		assertThat(new HashSet<>(seen)).containsExactlyInAnyOrderElementsOf(created);
	}

	/**
	 * More changes at one instant than a page holds: sending that instant again would
	 * return the same page for ever, so the page holds all of them and the cursor moves
	 * past it.
	 */
	@Test
	void aFullPageAtTheCursorsOwnInstantIsReadWholeAndTheCursorMovesOn() {
		String owner = "owner-" + java.util.UUID.randomUUID();
		String agent = newAgent(owner);
		for (int i = 0; i < 4; i++) {
			create(agent, map("title", "Same instant " + i));
		}
		Instant instant = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MICROS);
		this.jdbc.update("update consultation set updated_at = ? where owner = ?", Timestamp.from(instant), owner);
		JsonNode atTheInstant = poll(agent, instant.toString(), 2);
		assertThat(atTheInstant.get("items")).hasSize(4);
		assertThat(atTheInstant.get("page_size").asInt()).isEqualTo(2);
		assertThat(Instant.parse(atTheInstant.get("next_updated_after").asText()))
			.isEqualTo(instant.plus(1, ChronoUnit.MICROS));
		List<String> seen = follow(agent, 2);
		assertThat(seen).as("a page of 2, then all 4 again").hasSize(2 + 4);
		assertThat(new HashSet<>(seen)).hasSize(4);
	}

	@Test
	void withUpdatedAfterOnlyTheFirstPageIsAskedFor() {
		Result refused = api().get("/api/v1/consultations?page=2&updated_after=" + EPOCH, newAgent());
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("page");
	}

	@Test
	void aPlusThatWasNotUrlEncodedGetsAHint() {
		Result refused = api().get("/api/v1/consultations?updated_after=2026-11-23T10:00:00+01:00", newAgent());
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		JsonNode error = refused.json().get("errors").get(0);
		assertThat(error.get("field").asText()).isEqualTo("updated_after");
		assertThat(error.get("message").asText()).contains("%2B");
		Result wrong = api().get("/api/v1/consultations?updated_after=yesterday", newAgent());
		assertThat(wrong.json().get("errors").get(0).get("message").asText()).doesNotContain("%2B");
	}

	@Test
	void withoutUpdatedAfterTheListIsNewestFirstWithoutACursor() {
		String agent = newAgent();
		String older = create(agent, map("title", "Older")).get("id").asText();
		String newer = create(agent, map("title", "Newer")).get("id").asText();
		JsonNode page = api().get("/api/v1/consultations", agent).json();
		assertThat(page.get("items")).extracting((item) -> item.get("id").asText()).containsExactly(newer, older);
		assertThat(page.has("next_updated_after")).isFalse();
	}

	@Test
	void filtersApplyToTheChanges() {
		String agent = newAgent();
		create(agent, map("title", "Low", "priority", "low"));
		String high = create(agent, map("title", "High", "priority", "high")).get("id").asText();
		assertThat(api().get("/api/v1/consultations?priority=high&updated_after=" + EPOCH, agent).json().get("items"))
			.extracting((item) -> item.get("id").asText())
			.containsExactly(high);
	}

	/** An agent as docs/agents.md describes it; returns every id seen, duplicates too. */
	private List<String> follow(String agent, int pageSize) {
		List<String> seen = new ArrayList<>();
		Set<String> cursors = new HashSet<>();
		String cursor = EPOCH;
		while (true) {
			JsonNode page = poll(agent, cursor, pageSize);
			page.get("items").forEach((item) -> seen.add(item.get("id").asText()));
			String next = page.get("next_updated_after").asText();
			assertThat(cursors.add(next) || page.get("items").size() < pageSize).as("the cursor moves on").isTrue();
			cursor = next;
			if (page.get("items").size() < pageSize) {
				return seen;
			}
		}
	}

	private JsonNode poll(String agent, String cursor, int pageSize) {
		Result page = api().get("/api/v1/consultations?page_size=" + pageSize + "&updated_after="
				+ URLEncoder.encode(cursor, StandardCharsets.UTF_8), agent);
		assertThat(page.status()).as(page.toString()).isEqualTo(200);
		return page.json();
	}

}
