package dev.hitl.consultation;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ?wait=} on the embedded database, where this JVM's own signals wake the waiters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LongPollTests extends ApiTestSupport {

	@Autowired
	private ConsultationWaits waits;

	@ParameterizedTest
	@ValueSource(strings = { "0", "61", "-1", "abc", "1.5", "" })
	void aWaitOutsideOneToSixtySecondsIsRefused(String wait) {
		String agent = newAgent();
		String id = create(agent, map("title", "Bounds")).get("id").asText();
		Result result = api().get("/api/v1/consultations/" + id + "?wait=" + wait, agent);
		assertThat(result.status()).as(result.toString()).isEqualTo(400);
		assertThat(result.contentType()).startsWith("application/problem+json");
		assertThat(result.json().get("errors").get(0).get("field").asText()).isEqualTo("wait");
	}

	@Test
	void aPendingConsultationIsAnsweredPendingWhenTheWaitIsUp() {
		String agent = newAgent();
		String id = create(agent, map("title", "Nobody answers")).get("id").asText();
		long started = System.nanoTime();
		Result result = api().get("/api/v1/consultations/" + id + "?wait=1", agent);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.json().get("state").asText()).isEqualTo("pending");
		assertThat(result.header("ETag")).isNotNull();
		assertThat(took).isBetween(Duration.ofMillis(950), Duration.ofSeconds(5));
	}

	@Test
	void anAnswerEndsTheWaitAtOnce() {
		String agent = newAgent();
		String reviewer = newReviewer(uniqueId("lp"), "reviewers");
		String id = create(agent, map("title", "Approve?")).get("id").asText();
		CompletableFuture<Result> waiting = CompletableFuture
			.supplyAsync(() -> api().get("/api/v1/consultations/" + id + "?wait=20", agent));
		awaitWaiting(1);
		long started = System.nanoTime();
		Result answered = api().post("/api/v1/consultations/" + id + "/respond", reviewer, map("decision", "approved"));
		assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
		Result result = waiting.join();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(result.status()).isEqualTo(200);
		assertThat(result.json().get("state").asText()).isEqualTo("responded");
		assertThat(result.json().get("response").get("decision").asText()).isEqualTo("approved");
	}

	@Test
	void withIfNoneMatchItWaitsForAnyChangeAndAnswers304WhenNoneCame() {
		String agent = newAgent();
		String reviewer = newReviewer(uniqueId("lp"), "reviewers");
		String id = create(agent, map("title", "Claim me")).get("id").asText();
		String etag = api().get("/api/v1/consultations/" + id, agent).header("ETag");
		Result unchanged = api().get("/api/v1/consultations/" + id + "?wait=1", agent, "If-None-Match", etag);
		assertThat(unchanged.status()).isEqualTo(304);
		assertThat(unchanged.header("ETag")).isEqualTo(etag);
		CompletableFuture<Result> waiting = CompletableFuture
			.supplyAsync(() -> api().get("/api/v1/consultations/" + id + "?wait=20", agent, "If-None-Match", etag));
		awaitWaiting(1);
		assertThat(api().post("/api/v1/consultations/" + id + "/claim", reviewer, map()).status()).isEqualTo(200);
		Result claimed = waiting.join();
		assertThat(claimed.status()).isEqualTo(200);
		assertThat(claimed.json().get("state").asText()).isEqualTo("pending");
		assertThat(claimed.header("ETag")).isNotEqualTo(etag);
	}

	@Test
	void anEndedConsultationIsAnsweredWithoutWaiting() {
		String agent = newAgent();
		String id = create(agent, map("title", "Cancel me")).get("id").asText();
		assertThat(api().post("/api/v1/consultations/" + id + "/cancel", agent, map()).status()).isEqualTo(200);
		long started = System.nanoTime();
		Result result = api().get("/api/v1/consultations/" + id + "?wait=30", agent);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		assertThat(result.json().get("state").asText()).isEqualTo("cancelled");
	}

	@Test
	void anotherOwnersConsultationIsNotFoundWithoutWaiting() {
		String id = create(newAgent(), map("title", "Mine")).get("id").asText();
		Result result = api().get("/api/v1/consultations/" + id + "?wait=30", newAgent());
		assertThat(result.status()).isEqualTo(404);
		assertThat(result.contentType()).startsWith("application/problem+json");
	}

	@Test
	void withoutNotificationsWaitersCheckForThemselves() {
		String agent = newAgent();
		String id = create(agent, map("title", "Changed behind the node's back")).get("id").asText();
		String etag = api().get("/api/v1/consultations/" + id, agent).header("ETag");
		this.waits.listening(false);
		try {
			CompletableFuture<Result> waiting = CompletableFuture
				.supplyAsync(() -> api().get("/api/v1/consultations/" + id + "?wait=30", agent, "If-None-Match", etag));
			awaitWaiting(1);
			// A change no signal announces, as one on a node whose notifications are
			// lost.
			this.jdbc.update("update consultation set version = version + 1 where id = ?",
					java.util.UUID.fromString(id));
			long started = System.nanoTime();
			Result changed = waiting.join();
			assertThat(changed.status()).isEqualTo(200);
			assertThat(changed.header("ETag")).isNotEqualTo(etag);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		}
		finally {
			this.waits.listening(true);
		}
	}

	private void awaitWaiting(int atLeast) {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.waits.waiting() >= atLeast);
	}

}
