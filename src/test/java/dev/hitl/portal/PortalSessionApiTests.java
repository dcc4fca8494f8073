package dev.hitl.portal;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.ApiTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reviewer signed in to the portal calls the reviewer API with that session
 * (ARCHITECTURE section 4): reads as they are, changes only with the session's CSRF
 * token, and no other API accepts the session.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PortalSessionApiTests extends ApiTestSupport {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void aPortalSessionReadsAndAnswersThroughTheReviewerApiWithItsCsrfToken() throws Exception {
		String group = uniqueId("team");
		String user = uniqueId("rev");
		newReviewer(user, group);
		String agent = newAgent();
		String id = create(agent, map("title", "Session answer?", "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		PortalClient browser = new PortalClient(this.port);
		assertThat(browser.signIn(user, "pw-" + user + "-secret").statusCode()).isEqualTo(302);

		HttpResponse<String> actionable = browser.api("GET", "/api/v1/review/consultations", null);
		assertThat(actionable.statusCode()).as(actionable.body()).isEqualTo(200);
		assertThat(JSON.readTree(actionable.body()).get("items").findValuesAsText("id")).containsExactly(id);

		// A cookie alone, as another site's form would send it, changes nothing.
		HttpResponse<String> forged = browser.api("POST", "/api/v1/consultations/" + id + "/respond",
				"{\"decision\":\"approved\"}");
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(forged.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(get(agent, id).get("state").asText()).isEqualTo("pending");

		browser.get("/dashboard");
		HttpResponse<String> answered = browser.api("POST", "/api/v1/consultations/" + id + "/respond",
				"{\"decision\":\"approved\",\"comment\":\"From the session\"}", "X-CSRF-TOKEN", browser.csrfToken());
		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
		JsonNode response = get(agent, id).get("response");
		assertThat(response.get("responded_by").asText()).isEqualTo(user);
		assertThat(response.get("channel").asText()).isEqualTo("api");
	}

	@Test
	void aPortalSessionListsItselfAsTheCurrentSession() throws Exception {
		String user = uniqueId("rev");
		newReviewer(user, "reviewers");
		PortalClient browser = new PortalClient(this.port);
		browser.signIn(user, "pw-" + user + "-secret");
		HttpResponse<String> sessions = browser.api("GET", "/api/v1/sessions", null);
		assertThat(sessions.statusCode()).as(sessions.body()).isEqualTo(200);
		JsonNode items = JSON.readTree(sessions.body()).get("items");
		assertThat(items).hasSize(1);
		assertThat(items.get(0).get("current").asBoolean()).isTrue();
	}

	@Test
	void noOtherApiAcceptsThePortalSession() {
		String user = uniqueId("adm");
		newReviewer(user, "camunda-admin");
		PortalClient browser = new PortalClient(this.port);
		browser.signIn(user, "pw-" + user + "-secret");
		browser.get("/dashboard");
		String token = browser.csrfToken();
		assertThat(browser.api("GET", "/api/v1/review/consultations", null).statusCode()).isEqualTo(200);
		assertThat(browser.api("GET", "/api/v1/consultations", null).statusCode()).isEqualTo(401);
		assertThat(browser.api("GET", "/api/v1/api-keys", null).statusCode()).isEqualTo(401);
		assertThat(browser.api("POST", "/api/v1/api-keys", "{\"name\":\"n\",\"owner\":\"o\"}", "X-CSRF-TOKEN", token)
			.statusCode()).isEqualTo(401);
		assertThat(browser.api("GET", "/api/v1/audit-events", null).statusCode()).isEqualTo(401);
		assertThat(browser.api("GET", "/engine-rest/task", null).statusCode()).isEqualTo(401);
	}

}
