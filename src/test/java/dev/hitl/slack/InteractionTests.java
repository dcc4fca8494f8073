package dev.hitl.slack;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InteractionTests {

	@Test
	void buttonClickIsRead() {
		Interaction click = parse("{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},\"channel\":{\"id\":\"D1\"},"
				+ "\"trigger_id\":\"t1\",\"actions\":[{\"action_id\":\"hitl_answer_approve\",\"value\":\"c|approved\"}]}");
		assertThat(click)
			.isEqualTo(new Interaction("block_actions", "U1", "D1", "t1", "hitl_answer_approve", "c|approved", null));
	}

	@Test
	void modalSubmissionIsRead() {
		Interaction submitted = parse("{\"type\":\"view_submission\",\"user\":{\"id\":\"U1\"},\"view\":{"
				+ "\"callback_id\":\"hitl_text_answer\",\"private_metadata\":\"c|D1\",\"state\":{\"values\":"
				+ "{\"answer\":{\"text\":{\"value\":\"Main Street & 5th\"}}}}}}");
		assertThat(submitted.text()).isEqualTo("Main Street & 5th");
		assertThat(submitted.value()).isEqualTo("c|D1");
	}

	@Test
	void anythingElseIsNoInteraction() {
		for (String body : new String[] { "", "payload=", "payload=%7B", "payload=%5B%5D", "other=1", "payload=%ZZ",
				"payload=" + encode("{\"type\":\"shortcut\",\"user\":{\"id\":\"U1\"}}"),
				"payload=" + encode("{\"type\":\"block_actions\",\"actions\":[{\"action_id\":\"a\",\"value\":\"v\"}]}"),
				"payload=" + encode("{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},\"actions\":[]}"),
				"payload=" + encode("{\"type\":\"view_submission\",\"user\":{\"id\":\"U1\"},\"view\":{"
						+ "\"callback_id\":\"someone_elses\",\"private_metadata\":\"x\"}}") }) {
			assertThat(Interaction.parse(body.getBytes(StandardCharsets.UTF_8))).as(body).isEmpty();
		}
	}

	private static Interaction parse(String json) {
		return Interaction.parse(("payload=" + encode(json)).getBytes(StandardCharsets.UTF_8)).orElseThrow();
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
