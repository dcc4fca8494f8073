package dev.hitl.examples;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.hitl.PostgresIntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs {@code examples/agent/HitlAgent.java} as its README says ({@code java
 * HitlAgent.java}, no build) against the application: it asks, long-polls while a
 * reviewer answers, and verifies the webhook it receives.
 */
class ExampleAgentIntegrationTests extends PostgresIntegrationTestSupport {

	@Test
	void theExampleAgentAsksWaitsAndVerifiesTheWebhook() throws Exception {
		AgentKey key = newAgentKey(uniqueId("example"));
		String reviewer = newReviewer(uniqueId("example"), "reviewers");
		ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", Path.of("examples", "agent", "HitlAgent.java").toString())
			.redirectErrorStream(true);
		command.environment().put("HITL_URL", "http://127.0.0.1:" + this.port);
		command.environment().put("HITL_API_KEY", key.authorization().substring("Bearer ".length()));
		command.environment().put("HITL_WEBHOOK_SECRET", key.webhookSecret());
		Process agent = command.start();
		List<String> output = new CopyOnWriteArrayList<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
				lines.lines().forEach(output::add);
			}
			catch (java.io.IOException ex) {
				output.add("(output ended: " + ex.getMessage() + ")");
			}
		});
		reader.start();
		try {
			String asked = await().atMost(Duration.ofSeconds(60))
				.until(() -> output.stream().filter((line) -> line.startsWith("asked ")).findFirst().orElse(null),
						(line) -> line != null);
			String id = asked.substring("asked ".length());
			assertThat(api().post("/api/v1/consultations/" + id + "/respond", reviewer, map("decision", "approved"))
				.status()).isEqualTo(200);
			assertThat(agent.waitFor(120, TimeUnit.SECONDS)).as("the agent ends: %s", output).isTrue();
			reader.join(5000);
			assertThat(agent.exitValue()).as(String.join("\n", output)).isZero();
			assertThat(output).contains("outcome responded approved", "webhook consultation.responded verified");
		}
		finally {
			agent.destroyForcibly();
		}
	}

}
