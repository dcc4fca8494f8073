package dev.hitl.security;

import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import dev.hitl.TasklistSession;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webapp (and portal) sessions: kept by Spring Session, listed and ended by their user.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SessionTests extends ApiTestSupport {

	@Test
	void loginRenewsTheSessionIdAndLogoutEndsTheSession() {
		String userId = uniqueId("rev");
		newReviewer(userId, "reviewers");
		TasklistSession tasklist = new TasklistSession(this.port);
		assertThat(tasklist.login(userId, password(userId))).isEqualTo(200);
		String sessionId = this.jdbc.queryForObject("select session_id from spring_session where principal_name = ?",
				String.class, userId);
		assertThat(sessionId).isNotNull();
		assertThat(tasklist.sessionCookie()).isNotNull();
		assertThat(tasklist.engineStatus("/task?maxResults=1")).isEqualTo(200);
		assertThat(tasklist.logout()).isEqualTo(200);
		assertThat(count("select count(*) from spring_session where session_id = ?", sessionId)).isZero();
		assertThat(tasklist.engineStatus("/task?maxResults=1")).isEqualTo(401);
	}

	@Test
	void theSessionIdChangesAtLogin() {
		String userId = uniqueId("rev");
		newReviewer(userId, "reviewers");
		TasklistSession tasklist = new TasklistSession(this.port);
		tasklist.engineStatus("/task?maxResults=1");
		String before = tasklist.sessionCookie();
		assertThat(before).as("the webapp opened a session for its CSRF token").isNotNull();
		assertThat(tasklist.login(userId, password(userId))).isEqualTo(200);
		assertThat(tasklist.sessionCookie()).isNotNull().isNotEqualTo(before);
	}

	@Test
	void aReviewerListsTheirSessionsAndEndsThem() {
		String userId = uniqueId("rev");
		String basic = newReviewer(userId, "reviewers");
		TasklistSession laptop = new TasklistSession(this.port);
		TasklistSession phone = new TasklistSession(this.port);
		assertThat(laptop.login(userId, password(userId))).isEqualTo(200);
		assertThat(phone.login(userId, password(userId))).isEqualTo(200);

		JsonNode listed = api().get("/api/v1/sessions", basic).json();
		assertThat(listed.get("total").asInt()).isEqualTo(2);
		JsonNode first = listed.get("items").get(0);
		assertThat(first.get("id").asText()).hasSize(22)
			.isNotEqualTo(laptop.sessionCookie())
			.isNotEqualTo(phone.sessionCookie());
		assertThat(first.get("login_method").asText()).isEqualTo("tasklist");
		assertThat(first.get("client_address").asText()).isNotBlank();
		assertThat(first.get("current").asBoolean()).isFalse();
		assertThat(first.has("created_at") && first.has("last_accessed_at") && first.has("expires_at")).isTrue();
		assertThat(listed.toString()).doesNotContain(laptop.sessionCookie()).doesNotContain(phone.sessionCookie());

		String laptopHandle = handleOf(laptop);
		assertThat(api().delete("/api/v1/sessions/" + laptopHandle, basic).status()).isEqualTo(204);
		assertThat(laptop.engineStatus("/task?maxResults=1")).isEqualTo(401);
		assertThat(phone.engineStatus("/task?maxResults=1")).isEqualTo(200);
		assertThat(api().delete("/api/v1/sessions/" + laptopHandle, basic).status()).isEqualTo(404);

		assertThat(api().delete("/api/v1/sessions", basic).status()).isEqualTo(204);
		assertThat(phone.engineStatus("/task?maxResults=1")).isEqualTo(401);
		assertThat(api().get("/api/v1/sessions", basic).json().get("total").asInt()).isZero();
	}

	@Test
	void nobodyEndsAnotherUsersSession() {
		String victim = uniqueId("rev");
		newReviewer(victim, "reviewers");
		TasklistSession tasklist = new TasklistSession(this.port);
		assertThat(tasklist.login(victim, password(victim))).isEqualTo(200);
		String handle = handleOf(tasklist);
		String other = newReviewer(uniqueId("rev"), "reviewers");
		assertThat(api().delete("/api/v1/sessions/" + handle, other).status()).isEqualTo(404);
		assertThat(api().delete("/api/v1/sessions/" + handle, ADMIN_AUTH).status()).isEqualTo(404);
		assertThat(api().get("/api/v1/sessions", other).json().get("total").asInt()).isZero();
		assertThat(api().delete("/api/v1/sessions/" + handle, newAgent()).status()).isEqualTo(403);
		assertThat(api().delete("/api/v1/sessions/" + handle, null).status()).isEqualTo(401);
		assertThat(tasklist.engineStatus("/task?maxResults=1")).isEqualTo(200);
	}

	@Test
	void deletingAnAccountEndsItsSessions() {
		String userId = uniqueId("rev");
		newReviewer(userId, "reviewers");
		TasklistSession tasklist = new TasklistSession(this.port);
		assertThat(tasklist.login(userId, password(userId))).isEqualTo(200);
		assertThat(count("select count(*) from spring_session where principal_name = ?", userId)).isOne();
		Result deleted = api().delete("/engine-rest/user/" + userId, ADMIN_AUTH);
		assertThat(deleted.status()).isEqualTo(204);
		assertThat(count("select count(*) from spring_session where principal_name = ?", userId)).isZero();
		assertThat(tasklist.engineStatus("/task?maxResults=1")).isEqualTo(401);
	}

	@Test
	void aSessionOlderThanTheAbsoluteTimeoutEndsHoweverActive() throws Exception {
		MockHttpSession session = new MockHttpSession();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/camunda/app/tasklist/");
		request.setSession(session);
		Clock now = Clock.offset(Clock.systemUTC(), Duration.ofHours(11));
		new AbsoluteSessionTimeoutFilter(Duration.ofHours(12), now).doFilter(request, new MockHttpServletResponse(),
				new MockFilterChain());
		assertThat(session.isInvalid()).isFalse();
		MockHttpServletRequest later = new MockHttpServletRequest("GET", "/camunda/app/tasklist/");
		later.setSession(session);
		new AbsoluteSessionTimeoutFilter(Duration.ofHours(12), Clock.offset(Clock.systemUTC(), Duration.ofHours(13)))
			.doFilter(later, new MockHttpServletResponse(), new MockFilterChain());
		assertThat(session.isInvalid()).isTrue();
	}

	/** The cookie holds the session id in base64 (Spring Session's default). */
	private static String handleOf(TasklistSession session) {
		return ReviewerSessions
			.handle(new String(Base64.getDecoder().decode(session.sessionCookie()), StandardCharsets.UTF_8));
	}

	private long count(String sql, String arg) {
		return this.jdbc.queryForObject(sql, Long.class, arg);
	}

	private static String password(String userId) {
		return "pw-" + userId + "-secret";
	}

}
