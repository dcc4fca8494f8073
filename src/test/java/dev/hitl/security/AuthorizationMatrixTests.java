package dev.hitl.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the service, read from Spring MVC's own mappings plus the engine REST
 * API, the webapps' API, the actuator and the docs, against every kind of caller that
 * must not get in: no credentials, a malformed key, a revoked key, another owner's key, a
 * reviewer outside the consultation's groups, and the admin. A route added under
 * {@code /api/v1} without a place in this matrix fails the test. The delivery workers'
 * account may call the external task routes only, so it is refused everywhere here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class AuthorizationMatrixTests extends ApiTestSupport {

	enum Caller {

		NO_CREDENTIALS, MALFORMED_KEY, REVOKED_KEY, OTHER_OWNERS_KEY, REVIEWER_NOT_IN_GROUP, DELIVERY_WORKER, ADMIN

	}

	/** Who a route is for. */
	enum Access {

		/** One consultation of the key's owner. */
		AGENT_RESOURCE,
		/** The key owner's own collection: create, list. */
		AGENT_COLLECTION,
		/** What the calling reviewer may act on. */
		REVIEWER_LIST,
		/** Claim, unclaim, respond: reviewers of that consultation only. */
		REVIEWER_ACTION,
		/** Admins only. */
		ADMIN,
		/** The caller's own sessions: any engine account. */
		ACCOUNT,
		/** The engine's REST API: engine accounts, within the engine's authorizations. */
		ENGINE,
		/**
		 * The webapps' API: only with a webapp session, which none of the callers has.
		 */
		WEBAPP,
		/** Health and docs. */
		PUBLIC,
		/**
		 * The email answer pages: anyone, the token in the path being the credential;
		 * credentials of any other kind count for nothing there.
		 */
		EMAIL_ACTION,
		/**
		 * Slack's interaction endpoint: anyone at the HTTP layer, Slack's request
		 * signature being the credential; credentials of any other kind count for nothing
		 * there (404 while Slack is off, 401 unsigned).
		 */
		SLACK_INTERACTION,
		/**
		 * Outside {@code /api/v1} and not classified here (e.g. portal pages): never
		 * served to a caller without valid credentials, login pages excepted.
		 */
		OTHER

	}

	record Route(String method, String pattern, Access access) {

		@Override
		public String toString() {
			return this.method + " " + this.pattern;
		}

	}

	private static final List<Route> EXTRA_ROUTES = List.of(new Route("GET", "/engine-rest/task", Access.ENGINE),
			new Route("GET", "/engine-rest/process-instance", Access.ENGINE),
			new Route("GET", "/engine-rest/user", Access.ENGINE),
			new Route("GET", "/engine-rest/external-task", Access.ENGINE),
			new Route("GET", "/camunda/api/engine/engine/default/task", Access.WEBAPP),
			new Route("GET", "/camunda/api/admin/auth/user/default", Access.WEBAPP),
			new Route("GET", "/actuator/health/liveness", Access.PUBLIC),
			new Route("GET", "/actuator/health/readiness", Access.PUBLIC),
			new Route("GET", "/actuator/prometheus", Access.ADMIN), new Route("GET", "/actuator/info", Access.ADMIN),
			new Route("GET", "/api/v1/openapi.json", Access.PUBLIC), new Route("GET", "/api/v1/docs", Access.PUBLIC));

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Autowired
	private WorkerTokens workerTokens;

	private Fixture fixture;

	@TestFactory
	Stream<DynamicTest> everyRouteRefusesEveryCallerItIsNotFor() {
		List<Route> routes = routes();
		assertThat(routes).extracting(Route::access).doesNotContainNull();
		assertThat(routes.stream().filter((route) -> route.access() == Access.OTHER))
			.as("routes under /api/v1 must have a place in this matrix")
			.noneMatch((route) -> route.pattern().startsWith("/api/v1/"));
		this.fixture = new Fixture();
		// The admin goes last: its calls (e.g. revoking a key) change state.
		return Stream.of(Caller.values())
			.flatMap((caller) -> routes.stream()
				.map((route) -> DynamicTest.dynamicTest(route + " x " + caller, () -> check(route, caller))));
	}

	private List<Route> routes() {
		Set<Route> routes = new LinkedHashSet<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : this.mappings.getHandlerMethods().entrySet()) {
			if (!mapping.getValue().getBeanType().getPackageName().startsWith("dev.hitl")) {
				continue;
			}
			RequestMappingInfo info = mapping.getKey();
			for (String pattern : info.getPatternValues()) {
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					routes.add(new Route(method.name(), pattern, classify(method.name(), pattern)));
				}
			}
		}
		assertThat(routes).as("routes found in Spring MVC's mappings").hasSizeGreaterThanOrEqualTo(16);
		routes.addAll(EXTRA_ROUTES);
		List<Route> sorted = new ArrayList<>(routes);
		sorted.sort(Comparator.comparing(Route::pattern).thenComparing(Route::method));
		return sorted;
	}

	private static Access classify(String method, String pattern) {
		return switch (pattern) {
			case "/api/v1/consultations" -> Access.AGENT_COLLECTION;
			case "/api/v1/consultations/{id}", "/api/v1/consultations/{id}/cancel" -> Access.AGENT_RESOURCE;
			case "/api/v1/review/consultations" -> Access.REVIEWER_LIST;
			case "/api/v1/consultations/{id}/claim", "/api/v1/consultations/{id}/unclaim",
					"/api/v1/consultations/{id}/respond" ->
				Access.REVIEWER_ACTION;
			case "/api/v1/api-keys", "/api/v1/api-keys/{id}", "/api/v1/audit-events",
					"/api/v1/consultations/{id}/redeliver" ->
				Access.ADMIN;
			case "/api/v1/sessions", "/api/v1/sessions/{id}" -> Access.ACCOUNT;
			// MCP: an agent's, and a tool reads only the key owner's consultations.
			case "/mcp" -> Access.AGENT_COLLECTION;
			case "/email-actions/{token}" -> Access.EMAIL_ACTION;
			case "/slack/interactions" -> Access.SLACK_INTERACTION;
			default -> Access.OTHER;
		};
	}

	private void check(Route route, Caller caller) {
		Result result = call(route, this.fixture.authorization(caller));
		String cell = route + " x " + caller + " -> " + result;
		assertThat(result.status()).as(cell).isLessThan(500);
		if (route.access() == Access.EMAIL_ACTION) {
			// An unknown token whoever calls; a POST without the page's form token.
			assertThat(result.status()).as(cell).isEqualTo(route.method().equals("GET") ? 404 : 403);
			assertThat(result.body()).as(cell).doesNotContain(this.fixture.consultationId);
			return;
		}
		if (route.access() == Access.SLACK_INTERACTION) {
			assertThat(result.status()).as(cell).isIn(401, 404);
			assertThat(result.contentType()).as(cell).startsWith("application/problem+json");
			assertThat(result.body()).as(cell).doesNotContain(this.fixture.consultationId);
			return;
		}
		Integer refusal = refusal(route.access(), caller);
		if (refusal != null) {
			assertThat(result.status()).as(cell).isEqualTo(refusal);
			if (route.pattern().startsWith("/api/") || route.pattern().startsWith("/engine-rest/")) {
				assertThat(result.contentType()).as(cell).startsWith("application/problem+json");
			}
			return;
		}
		if (route.access() == Access.WEBAPP) {
			assertThat(result.status() / 100).as(cell).isNotEqualTo(2);
			return;
		}
		if (route.access() == Access.OTHER) {
			boolean withoutCredentials = caller == Caller.NO_CREDENTIALS || caller == Caller.MALFORMED_KEY
					|| caller == Caller.REVOKED_KEY;
			if (withoutCredentials && !route.pattern().endsWith("/login")) {
				assertThat(result.status() / 100).as(cell).isNotEqualTo(2);
			}
			return;
		}
		// Served: the caller is let in and, unless it administers everything, sees
		// nothing
		// of a consultation that is not its own to see.
		assertThat(result.status()).as(cell).isNotIn(401, 403);
		if (!(caller == Caller.ADMIN && (route.access() == Access.ADMIN || route.access() == Access.ENGINE))) {
			assertThat(result.body()).as(cell)
				.doesNotContain(this.fixture.consultationId)
				.doesNotContain(this.fixture.taskId);
		}
	}

	/**
	 * The status a caller who must be refused gets, or null where the route serves the
	 * caller (within what the caller may see).
	 */
	private static Integer refusal(Access access, Caller caller) {
		if (access == Access.PUBLIC) {
			// A key that is not a key is refused wherever it is shown.
			return (caller == Caller.MALFORMED_KEY || caller == Caller.REVOKED_KEY) ? 401 : null;
		}
		if (access == Access.WEBAPP || access == Access.OTHER || access == Access.EMAIL_ACTION
				|| access == Access.SLACK_INTERACTION) {
			return null;
		}
		return switch (caller) {
			case NO_CREDENTIALS, MALFORMED_KEY, REVOKED_KEY -> 401;
			case OTHER_OWNERS_KEY -> switch (access) {
				case AGENT_RESOURCE -> 404;
				case AGENT_COLLECTION -> null;
				default -> 403;
			};
			case DELIVERY_WORKER -> 403;
			case REVIEWER_NOT_IN_GROUP -> switch (access) {
				case AGENT_RESOURCE, AGENT_COLLECTION, ADMIN -> 403;
				case REVIEWER_ACTION -> 404;
				default -> null;
			};
			case ADMIN -> switch (access) {
				case AGENT_RESOURCE, AGENT_COLLECTION -> 403;
				case REVIEWER_ACTION -> 404;
				default -> null;
			};
		};
	}

	private Result call(Route route, String authorization) {
		String path = route.pattern()
			.replace("/api/v1/api-keys/{id}", "/api/v1/api-keys/" + this.fixture.disposableKeyId)
			.replace("/api/v1/sessions/{id}", "/api/v1/sessions/" + "A".repeat(22))
			.replace("{id}", this.fixture.consultationId)
			.replace("{token}", "A".repeat(43));
		return switch (route.method()) {
			case "GET" -> api().get(path, authorization);
			case "DELETE" -> api().delete(path, authorization);
			case "POST" -> api().post(path, authorization, body(route));
			case "PUT" -> api().put(path, authorization, map());
			default -> throw new IllegalStateException("No request for " + route);
		};
	}

	private Object body(Route route) {
		return switch (route.pattern()) {
			case "/mcp" -> map("jsonrpc", "2.0", "id", 1, "method", "tools/call", "params",
					map("name", "get_consultation", "arguments", map("id", this.fixture.consultationId)));
			case "/api/v1/consultations" -> map("title", "From the authorization matrix");
			case "/api/v1/consultations/{id}/respond" -> map("decision", "approved");
			case "/api/v1/api-keys" -> map("name", "matrix", "owner", "matrix-" + UUID.randomUUID());
			default -> "";
		};
	}

	/** The consultation every call aims at, and one credential per kind of caller. */
	private final class Fixture {

		private final String consultationId;

		private final String disposableKeyId;

		private final String taskId;

		private final Map<Caller, String> authorizations;

		Fixture() {
			String owner = "owner-" + UUID.randomUUID();
			String agent = newAgent(owner);
			String group = uniqueId("team");
			ensureGroup(group);
			this.consultationId = create(agent,
					map("title", "Only for " + group, "reviewers", reviewers(List.of(group), List.of())))
				.get("id")
				.asText();
			Result revoked = api().post("/api/v1/api-keys", ADMIN_AUTH, map("name", "revoked", "owner", owner));
			assertThat(api().delete("/api/v1/api-keys/" + revoked.json().get("id").asText(), ADMIN_AUTH).status())
				.isEqualTo(204);
			JsonNode disposable = api()
				.post("/api/v1/api-keys", ADMIN_AUTH, map("name", "disposable", "owner", "other-" + UUID.randomUUID()))
				.json();
			this.disposableKeyId = disposable.get("id").asText();
			this.authorizations = Map.of(Caller.MALFORMED_KEY, HttpApi.bearer("hitl_not-a-key-at-all"),
					Caller.REVOKED_KEY, HttpApi.bearer(revoked.json().get("key").asText()), Caller.OTHER_OWNERS_KEY,
					newAgent(), Caller.REVIEWER_NOT_IN_GROUP, newReviewer(uniqueId("out"), uniqueId("outsiders")),
					Caller.DELIVERY_WORKER, workerToken(), Caller.ADMIN, ADMIN_AUTH);
			JsonNode tasks = api()
				.get("/engine-rest/task?processInstanceBusinessKey=" + this.consultationId, ADMIN_AUTH)
				.json();
			assertThat(tasks).hasSize(1);
			this.taskId = tasks.get(0).get("id").asText();
			// The consultation itself is fine for its rightful callers.
			assertThat(api().get("/api/v1/consultations/" + this.consultationId, agent).status()).isEqualTo(200);
		}

		String authorization(Caller caller) {
			return this.authorizations.get(caller);
		}

		/** The workers' token, as every node mints it from the cluster's secret key. */
		private String workerToken() {
			return HttpApi.bearer(AuthorizationMatrixTests.this.workerTokens.issue());
		}

	}

}
