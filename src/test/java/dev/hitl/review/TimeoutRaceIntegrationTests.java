package dev.hitl.review;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.hitl.ApplicationNode;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import dev.hitl.ReviewTestSupport;
import dev.hitl.delivery.WebhookReceiver;
import org.junit.jupiter.api.Test;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 200 consultations with the shortest timeout, each answered at its due time by two
 * reviewers at once, through two nodes whose job executors both fire timers: the answers
 * race each other and the timer, across machines. Every loser gets 409, each consultation
 * ends exactly once, and its agent gets exactly one terminal webhook that says how.
 */
class TimeoutRaceIntegrationTests extends ReviewTestSupport {

	private static final int CONSULTATIONS = 200;

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void answersAtTheDueTimeAcrossTwoNodesEndEachConsultationOnce() throws Exception {
		String group = uniqueId("team");
		List<Person> reviewers = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			String userId = uniqueId("rev");
			reviewers.add(new Person(userId, newReviewer(userId, group), null));
		}
		// Four agents: each key may create 120 a minute.
		List<AgentKey> agents = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			agents.add(newAgentKey("owner-" + uniqueId("race")));
		}
		ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(24);
		try (ApplicationNode second = ApplicationNode.start("timeout-race-node",
				"--hitl.webhook.allow-private-networks=true", "--hitl.webhook.retry-schedule=PT1S,PT1S",
				"--hitl.webhook.connect-timeout=PT1S", "--hitl.webhook.timeout=PT2S")) {
			List<HttpApi> nodes = List.of(api(), second.api());
			List<Race> races = new ArrayList<>();
			for (int i = 0; i < CONSULTATIONS; i++) {
				AgentKey agent = agents.get(i % agents.size());
				String path = "/race/" + uniqueId("c");
				JsonNode created = create(agent.authorization(), map("title", "Race " + i, "timeout", "PT5S",
						"callback_url", receiver.url(path), "reviewers", reviewers(List.of(group), List.of())));
				Race race = new Race(created.get("id").asText(), agent, path, new ArrayList<>());
				Instant due = Instant.parse(created.get("expires_at").asText());
				CountDownLatch both = new CountDownLatch(2);
				for (int r = 0; r < 2; r++) {
					Person reviewer = reviewers.get(r);
					HttpApi node = nodes.get(r);
					race.answers().add(scheduler.schedule(() -> {
						both.countDown();
						both.await(30, TimeUnit.SECONDS);
						return node.post("/api/v1/consultations/" + race.id() + "/respond", reviewer.authorization(),
								map("decision", "approved"));
					}, Math.max(0, Duration.between(Instant.now(), due).toMillis()), TimeUnit.MILLISECONDS));
				}
				races.add(race);
			}

			List<Integer> statuses = new ArrayList<>();
			List<Result> losers = new ArrayList<>();
			Map<String, Result> winners = new HashMap<>();
			for (Race race : races) {
				for (Future<Result> answer : race.answers()) {
					Result result = answer.get(5, TimeUnit.MINUTES);
					statuses.add(result.status());
					if (result.status() == 200) {
						assertThat(winners.put(race.id(), result)).as("second winner of %s", race.id()).isNull();
					}
					else {
						losers.add(result);
					}
				}
			}
			Tally tally = tally("answers at the PT5S due time, 200 consultations x 2 reviewers, 2 nodes", statuses);
			assertThat(tally.other()).as("answers neither 2xx nor 409").isZero();
			for (Result loser : losers) {
				assertProblem(loser, 409);
				assertThat(loser.json().get("detail").asText()).as(loser.toString())
					.isIn("The consultation is already responded", "The consultation is already timed_out");
			}

			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofSeconds(2))
				.until(() -> races.stream()
					.allMatch((race) -> !receiver.requests(race.path()).isEmpty()
							&& !"pending".equals(get(race.agent().authorization(), race.id()).get("state").asText())));
			int responded = 0;
			for (Race race : races) {
				JsonNode consultation = get(race.agent().authorization(), race.id());
				String state = consultation.get("state").asText();
				Result winner = winners.get(race.id());
				if (winner != null) {
					assertThat(state).isEqualTo("responded");
					assertThat(consultation.get("response").get("responded_by"))
						.isEqualTo(winner.json().get("response").get("responded_by"));
					responded++;
				}
				else {
					assertThat(state).as(race.id()).isEqualTo("timed_out");
					assertThat(consultation.get("response").isNull()).isTrue();
				}
				assertEndedOnce(race, state);
			}
			System.out.printf("CONCURRENCY outcomes of the 200 PT5S consultations: %d responded, %d timed_out%n",
					responded, CONSULTATIONS - responded);
		}
		finally {
			scheduler.shutdownNow();
		}
	}

	/** One terminal audit event, and one terminal webhook (however often delivered). */
	private void assertEndedOnce(Race race, String state) throws Exception {
		JsonNode trail = api().get("/api/v1/audit-events?consultation_id=" + race.id(), ADMIN_AUTH).json();
		List<String> ends = new ArrayList<>();
		trail.get("items").forEach((event) -> {
			String action = event.get("action").asText();
			if (Set.of("consultation.responded", "consultation.timed_out", "consultation.cancelled").contains(action)) {
				ends.add(action);
			}
		});
		assertThat(ends).as(race.id()).containsExactly("consultation." + state);
		Set<String> events = new HashSet<>();
		for (WebhookReceiver.Request request : receiver.requests(race.path())) {
			new Webhook(race.agent().webhookSecret()).verify(request.body(), request.headers());
			JsonNode payload = JSON.readTree(request.body());
			assertThat(payload.get("type").asText()).isEqualTo("consultation." + state);
			assertThat(payload.get("data").get("state").asText()).isEqualTo(state);
			events.add(request.header("webhook-id"));
		}
		assertThat(events).as("terminal webhooks of %s", race.id()).hasSize(1);
	}

	private record Race(String id, AgentKey agent, String path, List<Future<Result>> answers) {
	}

}
