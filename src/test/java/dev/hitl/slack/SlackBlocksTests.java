package dev.hitl.slack;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.delivery.ConsultationSnapshots.Snapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlackBlocksTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void choiceHasOneButtonPerOptionAndTitlesAreEscaped() throws Exception {
		Snapshot choice = snapshot("pending", "choice",
				"{\"options\":[{\"value\":\"a\",\"label\":\"Send reply A\"},{\"value\":\"b\",\"label\":\"Send reply B\"}]}");
		JsonNode blocks = JSON.readTree(SlackBlocks.request(choice, "https://hitl.example.com/consultations/c1"));
		assertThat(blocks.get(0).get("text").get("text").asText()).startsWith("*Refund &lt;b&gt; &amp; more?*")
			.contains("<https://hitl.example.com/consultations/c1|Open in the portal>")
			.contains("<!date^1767225600^");
		assertThat(blocks.get(1).get("elements")).extracting((button) -> button.get("value").asText())
			.containsExactly("c1|a", "c1|b");
		assertThat(blocks.get(1).get("elements")).extracting((button) -> button.get("text").get("text").asText())
			.containsExactly("Send reply A", "Send reply B");
	}

	@Test
	void endedMessageSaysHowItEndedWithoutButtons() throws Exception {
		Snapshot answered = snapshot("responded", "approval",
				"{\"response\":{\"decision\":\"rejected\",\"responded_by\":\"rita\",\"channel\":\"portal\"}}");
		assertThat(SlackBlocks.outcome(answered)).isEqualTo("Ended: rejected by rita (via portal)");
		assertThat(SlackBlocks.ended(answered, "https://x")).doesNotContain("\"actions\"");
		assertThat(SlackBlocks.outcome(snapshot("timed_out", "approval", "{\"response\":null}")))
			.isEqualTo("Ended: timed out without an answer");
		assertThat(SlackBlocks.outcome(snapshot("cancelled", "text", "{}"))).isEqualTo("Ended: cancelled");
	}

	private static Snapshot snapshot(String state, String responseType, String resource) throws Exception {
		return new Snapshot("c1", state, "Refund <b> & more?", null, "urgent", responseType,
				Instant.parse("2026-01-01T00:00:00Z"), null, null, List.of("reviewers"), List.of(), null, null, "p1",
				JSON.readTree(resource));
	}

}
