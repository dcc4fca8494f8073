package dev.hitl;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Helpers for end-to-end API tests: a real server on a random port, the admin from
 * configuration, and fresh keys and users per test so tests do not depend on each other.
 */
public abstract class ApiTestSupport {

	public static final String ADMIN = "admin";

	public static final String ADMIN_PASSWORD = "admin-test-password";

	public static final String ADMIN_AUTH = HttpApi.basic(ADMIN, ADMIN_PASSWORD);

	/**
	 * The test profile's {@code hitl.secret-key}, for nodes started outside Spring's test
	 * context.
	 */
	public static final String SECRET_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcTemplate jdbc;

	protected HttpApi api() {
		return new HttpApi(this.port);
	}

	/** Creates an API key for a fresh owner and returns its bearer header value. */
	protected String newAgent() {
		return newAgent("owner-" + UUID.randomUUID());
	}

	protected String newAgent(String owner) {
		return newAgentKey(owner).authorization();
	}

	/** A fresh owner's key with its webhook signing secret. */
	protected AgentKey newAgentKey(String owner) {
		HttpApi.Result created = api().post("/api/v1/api-keys", ADMIN_AUTH, Map.of("name", "test", "owner", owner));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return new AgentKey(HttpApi.bearer(created.json().get("key").asText()),
				created.json().get("webhook_secret").asText());
	}

	public record AgentKey(String authorization, String webhookSecret) {
	}

	/**
	 * Creates a reviewer account through the engine's REST API and returns its Basic
	 * header.
	 */
	protected String newReviewer(String userId, String... groups) {
		String password = "pw-" + userId + "-secret";
		HttpApi.Result created = api().post("/engine-rest/user/create", ADMIN_AUTH,
				Map.of("profile",
						Map.of("id", userId, "firstName", "Test", "lastName", userId, "email", userId + "@example.com"),
						"credentials", Map.of("password", password)));
		assertThat(created.status()).as(created.toString()).isEqualTo(204);
		for (String group : groups) {
			ensureGroup(group);
			assertThat(api().put("/engine-rest/group/" + group + "/members/" + userId, ADMIN_AUTH, Map.of()).status())
				.isEqualTo(204);
		}
		return HttpApi.basic(userId, password);
	}

	protected void ensureGroup(String group) {
		if (api().get("/engine-rest/group/" + group, ADMIN_AUTH).status() == 404) {
			api().post("/engine-rest/group/create", ADMIN_AUTH, Map.of("id", group, "name", group, "type", "WORKFLOW"));
		}
	}

	protected static String uniqueId(String prefix) {
		// Camunda's default identity id pattern allows letters and digits only.
		return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
	}

	protected JsonNode create(String agent, Map<String, Object> body) {
		HttpApi.Result created = api().post("/api/v1/consultations", agent, body);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	protected JsonNode get(String agent, String id) {
		HttpApi.Result found = api().get("/api/v1/consultations/" + id, agent);
		assertThat(found.status()).as(found.toString()).isEqualTo(200);
		return found.json();
	}

	protected static Map<String, Object> reviewers(List<String> groups, List<String> users) {
		return Map.of("groups", groups, "users", users);
	}

}
