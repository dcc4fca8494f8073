package dev.hitl.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.hitl.ApiTestSupport;
import dev.hitl.ApplicationNode;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import dev.hitl.PostgresTestDatabase;
import dev.hitl.TasklistSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two application instances, each in a JVM of its own, sharing one PostgreSQL database as
 * two nodes behind a load balancer: rate limits, failed-login budgets, sessions and
 * revocations hold across them.
 */
class SharedStateAcrossNodesIntegrationTests {

	private static final int CREATE_PER_MINUTE = 5;

	private static final int LOGIN_PER_MINUTE = 4;

	private static final List<ApplicationNode> nodes = new ArrayList<>();

	private static HttpApi nodeA;

	private static HttpApi nodeB;

	@BeforeAll
	static void startTwoNodes() throws IOException {
		// One after the other: the first creates the admin and the schema.
		nodes.add(node("node-a"));
		nodes.add(node("node-b"));
		nodeA = nodes.get(0).api();
		nodeB = nodes.get(1).api();
	}

	@AfterAll
	static void stopNodes() throws InterruptedException {
		for (ApplicationNode node : nodes) {
			node.close();
		}
	}

	@Test
	void theCreationLimitOfAnApiKeyHoldsAcrossNodes() {
		String agent = HttpApi.bearer(
				nodeA.post("/api/v1/api-keys", ApiTestSupport.ADMIN_AUTH, map("name", "two nodes", "owner", "nodes"))
					.json()
					.get("key")
					.asText());
		List<String> outcome = new ArrayList<>();
		for (int i = 0; i < CREATE_PER_MINUTE + 2; i++) {
			HttpApi node = (i % 2 == 0) ? nodeA : nodeB;
			Result result = node.post("/api/v1/consultations", agent, map("title", "Request " + i));
			outcome.add(result.status() + "/" + result.header("X-RateLimit-Remaining"));
			if (result.status() == 429) {
				assertThat(result.header("Retry-After")).isNotNull();
			}
		}
		System.out.println("Creation limit " + CREATE_PER_MINUTE
				+ "/min across two nodes, requests alternating A,B,A,...: " + outcome);
		assertThat(outcome).containsExactly("201/4", "201/3", "201/2", "201/1", "201/0", "429/0", "429/0");
		JdbcTemplate jdbc = jdbc();
		assertThat(jdbc.queryForObject("select count(*) from consultation where owner = 'nodes'", Long.class))
			.isEqualTo(CREATE_PER_MINUTE);
	}

	@Test
	void failedLoginsOnOneNodeCountOnTheOther() {
		String userId = "nodes" + Long.toString(System.nanoTime(), 36);
		Result created = nodeA.post("/engine-rest/user/create", ApiTestSupport.ADMIN_AUTH,
				Map.of("profile", Map.of("id", userId, "firstName", "N", "lastName", "N", "email", userId + "@x.test"),
						"credentials", Map.of("password", "right-password")));
		assertThat(created.status()).isEqualTo(204);
		for (int i = 0; i < LOGIN_PER_MINUTE; i++) {
			HttpApi node = (i % 2 == 0) ? nodeA : nodeB;
			assertThat(node
				.get("/engine-rest/engine", HttpApi.basic(userId, "wrong-" + i), "X-Forwarded-For", "192.0.2." + i)
				.status()).isEqualTo(401);
		}
		// The name is out of failures on both nodes: a guess from a fresh address costs
		// that address its budget on the other node; the right password still passes.
		assertThat(
				nodeB.get("/engine-rest/engine", HttpApi.basic(userId, "wrong-again"), "X-Forwarded-For", "192.0.2.98")
					.status())
			.isEqualTo(401);
		assertThat(nodeA
			.get("/engine-rest/engine", HttpApi.basic(userId, "wrong-once-more"), "X-Forwarded-For", "192.0.2.98")
			.status()).isEqualTo(429);
		assertThat(nodeB
			.get("/engine-rest/engine", HttpApi.basic(userId, "right-password"), "X-Forwarded-For", "192.0.2.99")
			.status()).isEqualTo(200);
	}

	@Test
	void aWebappSessionStartedOnOneNodeWorksOnTheOtherUntilLogout() {
		TasklistSession onA = new TasklistSession(port(0));
		assertThat(onA.login(ApiTestSupport.ADMIN, ApiTestSupport.ADMIN_PASSWORD)).isEqualTo(200);
		TasklistSession onB = onA.onPort(port(1));
		assertThat(onB.engineStatus("/task?maxResults=1")).isEqualTo(200);
		assertThat(jdbc().queryForObject("select count(*) from spring_session where principal_name = ?", Long.class,
				ApiTestSupport.ADMIN))
			.isPositive();
		assertThat(onB.logout()).isEqualTo(200);
		assertThat(onA.engineStatus("/task?maxResults=1")).isEqualTo(401);
	}

	@Test
	void theAuditTrailIsAppendOnlyInTheDatabase() {
		JdbcTemplate jdbc = jdbc();
		nodeA.get("/engine-rest/engine", HttpApi.basic("nobodyatall", "x"), "X-Forwarded-For", "192.0.2.200");
		assertThat(jdbc.queryForObject("select count(*) from audit_event", Long.class)).isPositive();
		assertThatThrownBy(() -> jdbc.update("update audit_event set actor = 'someone else'"))
			.hasMessageContaining("append-only");
		assertThatThrownBy(() -> jdbc.update("delete from audit_event")).hasMessageContaining("append-only");
		assertThatThrownBy(() -> jdbc.execute("truncate audit_event")).hasMessageContaining("append-only");
	}

	private static ApplicationNode node(String name) throws IOException {
		return ApplicationNode.start(name, "--hitl.worker.enabled=false",
				"--spring.datasource.hikari.maximum-pool-size=8",
				"--hitl.rate-limit.consultation-create-per-minute=" + CREATE_PER_MINUTE,
				"--hitl.rate-limit.login-per-minute=" + LOGIN_PER_MINUTE);
	}

	private static int port(int node) {
		return nodes.get(node).port();
	}

	private static JdbcTemplate jdbc() {
		PostgresTestDatabase.Credentials database = PostgresTestDatabase.get();
		return new JdbcTemplate(new DriverManagerDataSource(database.url(), database.username(), database.password()));
	}

}
