package dev.hitl.consultation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import dev.hitl.system.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class IdempotencyTests extends ApiTestSupport {

	private static final String KEY = "Idempotency-Key";

	@Autowired
	private IdempotentCreation idempotent;

	@Test
	void aRetryWithTheSameKeyAndBodyReplaysTheFirstResponseWithoutASecondProcess() {
		String agent = newAgent();
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = map("title", "Refund 42?", "context", map("b", 2, "a", 1));
		Result first = api().post("/api/v1/consultations", agent, body, KEY, key);
		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		assertThat(first.header("Idempotent-Replayed")).isNull();
		String id = first.json().get("id").asText();
		// Same members in another order and other whitespace: the same request.
		Result again = api().post("/api/v1/consultations", agent,
				"{ \"context\": {\"a\": 1, \"b\": 2},\n \"title\": \"Refund 42?\" }", KEY, key);
		assertThat(again.status()).as(again.toString()).isEqualTo(200);
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(again.header("Location")).isEqualTo("/api/v1/consultations/" + id);
		assertThat(again.json()).isEqualTo(first.json());
		assertThat(count("select count(*) from consultation where id = ?", UUID.fromString(id))).isOne();
		assertThat(processInstances(id)).isOne();
	}

	@Test
	void theSameKeyWithAnotherBodyIsUnprocessable() {
		String agent = newAgent();
		String key = "order-1042";
		assertThat(api().post("/api/v1/consultations", agent, map("title", "A"), KEY, key).status()).isEqualTo(201);
		Result other = api().post("/api/v1/consultations", agent, map("title", "B"), KEY, key);
		assertThat(other.status()).isEqualTo(422);
		assertThat(other.contentType()).startsWith("application/problem+json");
	}

	@Test
	void keysAreScopedToTheOwner() {
		String key = "shared-key";
		String first = api().post("/api/v1/consultations", newAgent(), map("title", "A"), KEY, key)
			.json()
			.get("id")
			.asText();
		Result other = api().post("/api/v1/consultations", newAgent(), map("title", "A"), KEY, key);
		assertThat(other.status()).isEqualTo(201);
		assertThat(other.json().get("id").asText()).isNotEqualTo(first);
	}

	@Test
	void keysOfAnOwnerAreSharedByItsApiKeys() {
		String owner = "owner-" + UUID.randomUUID();
		Result first = api().post("/api/v1/consultations", newAgent(owner), map("title", "A"), KEY, "k1");
		Result second = api().post("/api/v1/consultations", newAgent(owner), map("title", "A"), KEY, "k1");
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().get("id")).isEqualTo(first.json().get("id"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "\"\"", "two words", "tab\there" })
	void malformedKeysAreRefusedAndNothingIsStored(String key) {
		String owner = "owner-" + UUID.randomUUID();
		Result refused = api().post("/api/v1/consultations", newAgent(owner), map("title", "A"), KEY, key);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo(KEY);
		assertThat(count("select count(*) from consultation where owner = ?", owner)).isZero();
	}

	@Test
	void keysOutsideVisibleAsciiAreRefused() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader(KEY, "k\u00e9y");
		assertThatThrownBy(() -> ConsultationController.idempotencyKey(request))
			.isInstanceOf(InvalidRequestException.class);
	}

	@Test
	void keysLongerThan255CharactersOrRepeatedAreRefused() {
		String agent = newAgent();
		assertThat(api().post("/api/v1/consultations", agent, map("title", "A"), KEY, "k".repeat(256)).status())
			.isEqualTo(400);
		assertThat(api().post("/api/v1/consultations", agent, map("title", "A"), KEY, "k".repeat(255)).status())
			.isEqualTo(201);
		assertThat(api().post("/api/v1/consultations", agent, map("title", "A"), KEY, "a", KEY, "b").status())
			.isEqualTo(400);
		assertThat(api().post("/api/v1/consultations", agent, map("title", "A"), KEY, "\"quoted\"").status())
			.isEqualTo(201);
		assertThat(api().post("/api/v1/consultations", agent, map("title", "A"), KEY, "quoted").status())
			.isEqualTo(200);
	}

	@Test
	void aFailedCreationReleasesTheKey() {
		String agent = newAgent();
		Result refused = api().post("/api/v1/consultations", agent, map("title", "A", "process", "noSuchProcess"), KEY,
				"retry-me");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(api().post("/api/v1/consultations", agent, map("title", "A"), KEY, "retry-me").status())
			.isEqualTo(201);
	}

	@Test
	void aKeyWhoseFirstRequestIsStillRunningConflicts() {
		String owner = "owner-" + UUID.randomUUID();
		String agent = newAgent(owner);
		Result first = api().post("/api/v1/consultations", agent, map("title", "A"), KEY, "running");
		assertThat(first.status()).isEqualTo(201);
		// Make the stored key look as if its first request were still in flight.
		this.jdbc.update(
				"update idempotency_key set state = 'in_flight', lock_token = ?, locked_until = ? " + "where owner = ?",
				UUID.randomUUID(), Timestamp.from(Instant.now().plusSeconds(60)), owner);
		Result second = api().post("/api/v1/consultations", agent, map("title", "A"), KEY, "running");
		assertThat(second.status()).as(second.toString()).isEqualTo(409);
		assertThat(second.contentType()).startsWith("application/problem+json");
		assertThat(api().post("/api/v1/consultations", agent, map("title", "B"), KEY, "running").status())
			.isEqualTo(422);
	}

	@Test
	void aKeyWhoseFirstRequestDiedIsTakenOverAfterItsLease() {
		String owner = "owner-" + UUID.randomUUID();
		String agent = newAgent(owner);
		api().post("/api/v1/consultations", agent, map("title", "A"), KEY, "orphan");
		this.jdbc.update("delete from consultation where owner = ?", owner);
		this.jdbc.update(
				"update idempotency_key set state = 'in_flight', lock_token = ?, locked_until = ? " + "where owner = ?",
				UUID.randomUUID(), Timestamp.from(Instant.now().minusSeconds(1)), owner);
		Result retried = api().post("/api/v1/consultations", agent, map("title", "A"), KEY, "orphan");
		assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
		assertThat(count("select count(*) from consultation where owner = ?", owner)).isOne();
	}

	@Test
	void expiredKeysArePurged() {
		String owner = "owner-" + UUID.randomUUID();
		String agent = newAgent(owner);
		api().post("/api/v1/consultations", agent, map("title", "A"), KEY, "old");
		Timestamp createdAt = this.jdbc.queryForObject("select created_at from idempotency_key where owner = ?",
				Timestamp.class, owner);
		Timestamp expiresAt = this.jdbc.queryForObject("select expires_at from idempotency_key where owner = ?",
				Timestamp.class, owner);
		assertThat(expiresAt.toInstant()).isAfterOrEqualTo(createdAt.toInstant().plusSeconds(24 * 3600));
		this.jdbc.update("update idempotency_key set expires_at = ? where owner = ?",
				Timestamp.from(Instant.now().minusSeconds(1)), owner);
		this.idempotent.purgeExpired();
		assertThat(count("select count(*) from idempotency_key where owner = ?", owner)).isZero();
		assertThat(api().post("/api/v1/consultations", agent, map("title", "A"), KEY, "old").status()).isEqualTo(201);
	}

	private long count(String sql, Object arg) {
		return this.jdbc.queryForObject(sql, Long.class, arg);
	}

	private long processInstances(String consultationId) {
		JsonNode instances = api().get("/engine-rest/process-instance?businessKey=" + consultationId, ADMIN_AUTH)
			.json();
		return instances.size();
	}

}
