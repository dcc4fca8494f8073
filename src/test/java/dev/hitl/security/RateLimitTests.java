package dev.hitl.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import dev.hitl.TasklistSession;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "hitl.rate-limit.consultation-create-per-minute=3", "hitl.rate-limit.login-per-minute=3" })
@ActiveProfiles("test")
class RateLimitTests extends ApiTestSupport {

	@Test
	void creationIsLimitedPerApiKeyWithHeadersAndARefusalThatChangesNothing() {
		String owner = "owner-" + UUID.randomUUID();
		String agent = newAgent(owner);
		for (int i = 0; i < 3; i++) {
			Result created = api().post("/api/v1/consultations", agent, map("title", "T" + i));
			assertThat(created.status()).isEqualTo(201);
			assertThat(created.header("X-RateLimit-Limit")).isEqualTo("3");
			assertThat(created.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(2 - i));
			assertThat(Long.parseLong(created.header("X-RateLimit-Reset"))).isBetween(1L, 60L);
		}
		Result refused = api().post("/api/v1/consultations", agent, map("title", "one too many"));
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.json().get("status").asInt()).isEqualTo(429);
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 20L);
		assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
		assertThat(this.jdbc.queryForObject("select count(*) from consultation where owner = ?", Long.class, owner))
			.isEqualTo(3);
		// Another key, even of the same owner, has its own budget; reads are not limited.
		assertThat(api().post("/api/v1/consultations", newAgent(owner), map("title", "other key")).status())
			.isEqualTo(201);
		assertThat(api().get("/api/v1/consultations", agent).status()).isEqualTo(200);
	}

	@Test
	void aNameOutOfFailuresStillTakesItsRightPasswordButSlowsEveryGuesser() {
		String userId = uniqueId("victim");
		String reviewer = newReviewer(userId, "reviewers");
		for (int i = 0; i < 3; i++) {
			assertThat(api()
				.get("/api/v1/review/consultations", HttpApi.basic(userId, "guess-" + i), "X-Forwarded-For",
						"198.51.100." + i)
				.status()).isEqualTo(401);
		}
		// The name has no failure left; its owner, from an address of their own, still
		// gets in.
		assertThat(api().get("/api/v1/review/consultations", reviewer, "X-Forwarded-For", "198.51.100.9").status())
			.isEqualTo(200);
		// A guess for that name costs a fresh address its whole budget: the next try from
		// there, right password or not, waits.
		assertThat(api()
			.get("/api/v1/review/consultations", HttpApi.basic(userId, "guess-x"), "X-Forwarded-For", "198.51.100.10")
			.status()).isEqualTo(401);
		Result throttled = api().get("/api/v1/review/consultations", reviewer, "X-Forwarded-For", "198.51.100.10");
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.header("Retry-After")).isNotNull();
		assertThat(throttled.contentType()).startsWith("application/problem+json");
		assertThat(api().get("/api/v1/review/consultations", reviewer, "X-Forwarded-For", "198.51.100.9").status())
			.isEqualTo(200);
		// Each address has a budget of its own, whatever names it tries.
		for (int i = 0; i < 3; i++) {
			assertThat(api()
				.get("/api/v1/review/consultations", HttpApi.basic(uniqueId("other"), "x"), "X-Forwarded-For",
						"198.51.100.20")
				.status()).isEqualTo(401);
		}
		assertThat(api()
			.get("/api/v1/review/consultations", HttpApi.basic(uniqueId("other"), "x"), "X-Forwarded-For",
					"198.51.100.20")
			.status()).isEqualTo(429);
	}

	@Test
	void successesCostNothing() {
		String userId = uniqueId("busy");
		String reviewer = newReviewer(userId, "reviewers");
		for (int i = 0; i < 10; i++) {
			assertThat(api().get("/api/v1/review/consultations", reviewer, "X-Forwarded-For", "198.51.100.30").status())
				.isEqualTo(200);
		}
	}

	@Test
	void webappLoginAttemptsAreLimitedWithHeaders() {
		String user = uniqueId("someone");
		String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=wrong";
		for (int i = 0; i < 3; i++) {
			Result attempt = api().postForm("/camunda/api/admin/auth/user/default/login/tasklist", form,
					"X-Forwarded-For", "203.0.113.7");
			assertThat(attempt.header("X-RateLimit-Limit")).isEqualTo("3");
			assertThat(attempt.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(2 - i));
			assertThat(attempt.status()).isIn(401, 403);
		}
		Result refused = api().postForm("/camunda/api/admin/auth/user/default/login/tasklist", form, "X-Forwarded-For",
				"203.0.113.7");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.header("Retry-After")).isNotNull();
		// The address is the forwarded client's (a proxy on the loopback is trusted), so
		// another client is not affected.
		Result otherClient = api().postForm("/camunda/api/admin/auth/user/default/login/tasklist",
				"username=" + uniqueId("x") + "&password=wrong", "X-Forwarded-For", "203.0.113.8");
		assertThat(otherClient.status()).isIn(401, 403);
	}

	@Test
	void tasklistTakesTheRightPasswordOfANameOutOfFailures() {
		String userId = uniqueId("owner");
		newReviewer(userId, "reviewers");
		for (int i = 0; i < 4; i++) {
			assertThat(api()
				.postForm("/camunda/api/admin/auth/user/default/login/tasklist",
						"username=" + userId + "&password=wrong", "X-Forwarded-For", "203.0.113." + (40 + i))
				.status()).isIn(401, 403);
		}
		assertThat(new TasklistSession(this.port).login(userId, "pw-" + userId + "-secret")).isEqualTo(200);
	}

	@Test
	void nobodyOutsideCanLockAnAccount() {
		String userId = uniqueId("target");
		String owner = newReviewer(userId, "reviewers");
		// More wrong passwords than the engine's default lock allows (10), over Basic
		// and Tasklist's login, each from an address of its own.
		for (int i = 0; i < 12; i++) {
			assertThat(api()
				.get("/engine-rest/engine", HttpApi.basic(userId, "wrong-" + i), "X-Forwarded-For", "192.0.2." + i)
				.status()).isIn(401, 429);
		}
		for (int i = 0; i < 3; i++) {
			assertThat(api()
				.postForm("/camunda/api/admin/auth/user/default/login/tasklist",
						"username=" + userId + "&password=wrong", "X-Forwarded-For", "192.0.2." + (100 + i))
				.status()).isIn(401, 403, 429);
		}
		assertThat(this.jdbc.queryForObject("select coalesce(attempts_, 0) from act_id_user where id_ = ?",
				Integer.class, userId))
			.as("failed checks are not counted against the account")
			.isZero();
		assertThat(api().get("/api/v1/review/consultations", owner, "X-Forwarded-For", "198.51.100.200").status())
			.isEqualTo(200);
		assertThat(new TasklistSession(this.port).login(userId, "pw-" + userId + "-secret")).isEqualTo(200);
	}

	@Test
	void anAccountLockedByEarlierVersionsIsLockedNoLonger() {
		String userId = uniqueId("locked");
		String owner = newReviewer(userId, "reviewers");
		// What ten failures left behind under the engine's default lock: locked for good.
		this.jdbc.update("update act_id_user set attempts_ = 10 where id_ = ?", userId);
		assertThat(api().get("/api/v1/review/consultations", owner).status())
			.as("ten failures lock no account for good")
			.isEqualTo(200);
	}

}
