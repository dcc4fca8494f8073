package dev.hitl.system;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import dev.hitl.RawHttp;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fuzz run kept in the build: every operation of the served OpenAPI document, and the
 * engine's REST API and the webapps' API beside it, sent malformed bodies, hostile
 * headers (bytes beyond ASCII, wildcard and broken media types, huge values), paths
 * ({@code //}, {@code %2e%2e}, {@code %00}, {@code %2f}) and credentials (none, a bad
 * password, a bad bearer, the API key as a Basic user name). Nothing may answer 5xx, and
 * every 4xx of the API is problem+json. The requests go byte for byte over a socket, as
 * no polite client would send them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HostileRequestTests extends ApiTestSupport {

	private static final String LATIN1_BYTES = "caf\u00e9 \u00ff\u00fe\u0080\u009f";

	private RawHttp http;

	private String agentKey;

	private String agent;

	private String reviewer;

	private String consultationId;

	private final List<String> findings = new ArrayList<>();

	private final Map<Integer, Integer> statuses = new java.util.TreeMap<>();

	private int sent;

	@BeforeEach
	void fixture() {
		this.http = new RawHttp(this.port);
		this.agent = newAgent();
		this.agentKey = this.agent.substring("Bearer ".length());
		String group = uniqueId("fuzz");
		this.reviewer = newReviewer(uniqueId("rev"), group);
		this.consultationId = create(this.agent,
				map("title", "Fuzzed", "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
	}

	@Test
	void everyOperationOfTheApiAnswersHostileRequestsWithAProblemNever5xx() {
		OpenAPI spec = spec();
		spec.getPaths().forEach((template, item) -> item.readOperationsMap().forEach((method, operation) -> {
			String path = template.replaceAll("\\{[^}]+}",
					template.startsWith("/api/v1/consultations") ? this.consultationId : UUID.randomUUID().toString());
			boolean hasBody = method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT
					|| method == PathItem.HttpMethod.PATCH;
			String verb = method.name();
			String rightCredential = credentialFor(template);
			byte[] body = hasBody ? validishBody(template) : null;
			for (String credential : hostileCredentials()) {
				expectProblem(verb, path, body, "Authorization", credential);
			}
			expectProblem(verb, path, body);
			for (String[] header : hostileHeaders()) {
				expectProblem(verb, path, body, "Authorization", rightCredential, header[0], header[1]);
			}
			if (hasBody) {
				for (byte[] hostile : hostileBodies()) {
					expectProblem(verb, path, hostile, "Authorization", rightCredential, "Content-Type",
							"application/json");
				}
			}
			for (UnaryOperator<String> variant : hostilePaths()) {
				expectProblem(verb, variant.apply(path), body, "Authorization", rightCredential, "Content-Type",
						"application/json");
			}
		}));
		report("API operations (" + spec.getPaths().values().stream().mapToInt((p) -> p.readOperations().size()).sum()
				+ ")");
	}

	@Test
	void theEngineRestApiAndTheWebappsApiAnswerHostilePathsAndHeadersWithout5xx() {
		Map<String, String> routes = new LinkedHashMap<>();
		routes.put("/engine-rest/engine", "GET");
		routes.put("/engine-rest/task", "GET");
		routes.put("/engine-rest/user", "GET");
		routes.put("/engine-rest/identity/groups", "GET");
		routes.put("/engine-rest/task/count", "POST");
		routes.put("/engine-rest/external-task/fetchAndLock", "POST");
		routes.put("/camunda/api/engine/engine/default/task", "GET");
		routes.put("/camunda/api/engine/engine/default/identity/verify", "POST");
		routes.put("/camunda/api/admin/auth/user/default", "GET");
		routes.put("/camunda/api/admin/auth/user/default/login/tasklist", "POST");
		routes.put("/camunda/app/tasklist/default/", "GET");
		routes.forEach((path, verb) -> {
			byte[] body = !verb.equals("POST") ? null
					: path.endsWith("fetchAndLock")
							? "{\"workerId\": \"w\", \"maxTasks\": 1, \"topics\": []}".getBytes()
							: "{}".getBytes(StandardCharsets.UTF_8);
			for (String credential : List.of(ADMIN_AUTH, this.reviewer, "Basic bm9ib2R5Ong=")) {
				expectNo5xx(verb, path, body, "Authorization", credential, "Content-Type", "application/json");
				for (UnaryOperator<String> variant : hostilePaths()) {
					expectNo5xx(verb, variant.apply(path), body, "Authorization", credential, "Content-Type",
							"application/json");
				}
			}
			expectNo5xx(verb, path, body);
			for (UnaryOperator<String> variant : hostilePaths()) {
				expectNo5xx(verb, variant.apply(path), body);
			}
			for (String[] header : hostileHeaders()) {
				expectNo5xx(verb, path, body, "Authorization", ADMIN_AUTH, header[0], header[1]);
			}
			for (String credential : hostileCredentials()) {
				expectNo5xx(verb, path, body, "Authorization", credential);
			}
		});
		report("engine REST and webapp routes (" + routes.size() + ")");
	}

	@Test
	void aCreationWhoseAnswerCouldNotBeJsonIsRefusedBeforeAnythingIsStored() {
		String owner = "owner-" + UUID.randomUUID();
		String agent = newAgent(owner);
		for (String accept : List.of("text/html", "application/xml", "text/plain, image/png", "application/json;q=0",
				"garbage")) {
			RawHttp.Response refused = this.http.send("POST", "/api/v1/consultations",
					"{\"title\": \"Never stored\"}".getBytes(StandardCharsets.UTF_8), "Authorization", agent,
					"Content-Type", "application/json", "Accept", accept, "Idempotency-Key", "k-" + accept.length());
			assertThat(refused.status()).as(accept).isEqualTo(406);
			assertThat(refused.isProblem()).as(refused.body()).isTrue();
		}
		assertThat(this.jdbc.queryForObject("select count(*) from consultation where owner = ?", Long.class, owner))
			.isZero();
		// Whatever accepts JSON, problem+json or anything is served.
		for (String accept : List.of("application/json", "*/*", "application/*", "application/problem+json",
				"text/html, application/json;q=0.1")) {
			assertThat(this.http
				.send("POST", "/api/v1/consultations", "{\"title\": \"Stored\"}".getBytes(StandardCharsets.UTF_8),
						"Authorization", agent, "Content-Type", "application/json", "Accept", accept)
				.status()).as(accept).isEqualTo(201);
		}
	}

	@Test
	void theApisOwnRefusalsOutsideAnyHandlerAreProblems() {
		List<RawHttp.Response> refusals = List.of(
				this.http.send("GET", "/api/v1/no-such-route", null, "Authorization", this.agent),
				this.http.send("DELETE", "/api/v1/consultations", null, "Authorization", this.agent),
				this.http.send("PUT", "/api/v1/consultations/" + this.consultationId, "{}".getBytes(), "Authorization",
						this.agent, "Content-Type", "application/json"),
				this.http.send("GET", "/api/v1/consultations?page=abc&page_size=-1", null, "Authorization", this.agent),
				this.http.send("POST", "/api/v1/consultations", "title=x".getBytes(), "Authorization", this.agent,
						"Content-Type", "text/plain"),
				this.http.send("GET", "/api/v1/consultations", null, "Authorization", this.agent, "Accept",
						"text/html"),
				this.http.send("GET", "/api/v1/consultations/not-a-uuid", null, "Authorization", this.agent),
				this.http.send("GET", "/api/v1//consultations", null, "Authorization", this.agent),
				this.http.send("GET", "/api/v1/consultations%00", null, "Authorization", this.agent));
		assertThat(refusals).extracting(RawHttp.Response::status)
			.containsExactly(404, 405, 405, 400, 415, 406, 400, 400, 400);
		assertThat(refusals).allSatisfy((refused) -> assertThat(refused.isProblem()).as(refused.body()).isTrue());
	}

	private void expectProblem(String method, String target, byte[] body, String... headers) {
		RawHttp.Response response = send(method, target, body, headers);
		if (response.status() >= 400 && !response.isProblem()) {
			finding("not problem+json", method, target, headers, response);
		}
	}

	private void expectNo5xx(String method, String target, byte[] body, String... headers) {
		RawHttp.Response response = send(method, target, body, headers);
		boolean api = target.startsWith("/engine-rest") || target.startsWith("/camunda/api");
		if (api && response.status() >= 400 && response.contentType().startsWith("text/html")) {
			finding("an HTML error from an API", method, target, headers, response);
		}
	}

	private RawHttp.Response send(String method, String target, byte[] body, String... headers) {
		RawHttp.Response response = this.http.send(method, target, body, headers);
		this.sent++;
		this.statuses.merge(response.status(), 1, Integer::sum);
		if (response.status() >= 500 || response.status() < 0) {
			finding("answered " + response.status(), method, target, headers, response);
		}
		return response;
	}

	private void finding(String what, String method, String target, String[] headers, RawHttp.Response response) {
		StringBuilder line = new StringBuilder(what).append(": ").append(method).append(' ');
		line.append(target.length() > 120 ? target.substring(0, 120) + "..." : target);
		for (int i = 0; i < headers.length; i += 2) {
			String value = headers[i + 1];
			line.append(" [")
				.append(headers[i])
				.append(": ")
				.append(value.length() > 60 ? value.substring(0, 60) + "..." : value)
				.append(']');
		}
		line.append(" -> ").append(response.status()).append(' ').append(response.contentType()).append(' ');
		String body = response.body();
		line.append(body.length() > 160 ? body.substring(0, 160) : body);
		this.findings.add(line.toString());
	}

	private void report(String what) {
		System.out.printf("Hostile requests to the %s: %d sent, by status %s, %d findings%n", what, this.sent,
				this.statuses, this.findings.size());
		this.findings.stream().limit(60).forEach(System.out::println);
		assertThat(this.findings).as("hostile requests answered badly").isEmpty();
	}

	private String credentialFor(String template) {
		if (template.startsWith("/api/v1/api-keys") || template.startsWith("/api/v1/audit-events")
				|| template.endsWith("/redeliver")) {
			return ADMIN_AUTH;
		}
		if (template.startsWith("/api/v1/review") || template.startsWith("/api/v1/sessions")
				|| template.endsWith("/claim") || template.endsWith("/unclaim") || template.endsWith("/respond")) {
			return this.reviewer;
		}
		return this.agent;
	}

	private static byte[] validishBody(String template) {
		String json = template.endsWith("/respond") ? "{\"decision\": \"approved\"}"
				: template.startsWith("/api/v1/api-keys") ? "{\"name\": \"fuzz\", \"owner\": \"fuzz\"}"
						: template.equals("/api/v1/consultations") ? "{\"title\": \"fuzz\"}" : "{}";
		return json.getBytes(StandardCharsets.UTF_8);
	}

	private List<String> hostileCredentials() {
		return List.of("Basic " + base64("nobody" + UUID.randomUUID() + ":wrong"), "Basic ???not-base64",
				"Basic " + base64(this.agentKey + ":"), "Basic " + base64(this.agentKey + ":x"),
				"Basic " + base64("no-colon-at-all"), "Basic ",
				"Basic " + Base64.getEncoder().encodeToString(new byte[] { (byte) 0xe9, ':', (byte) 0xff }),
				"Basic " + LATIN1_BYTES, "Bearer hitl_not-a-real-key", "Bearer hitlw1.1.AAAA", "Bearer ",
				"Bearer eyJhbGciOiJub25lIn0.e30.", "Bearer " + LATIN1_BYTES, "Digest username=\"x\"", LATIN1_BYTES,
				"Basic " + base64("admin:" + "x".repeat(5000)));
	}

	private static List<String[]> hostileHeaders() {
		List<String[]> headers = new ArrayList<>();
		for (String type : List.of("*/*", "application/*", "*/json", "application/json; charset=nonsense",
				"application/json; charset=UTF-32", "text/plain", "application/x-www-form-urlencoded",
				"multipart/form-data", "multipart/form-data; boundary=x", "application/json;;;", "application/json;a",
				"application/xml", "application/problem+json", "", LATIN1_BYTES, "application/json" + LATIN1_BYTES)) {
			headers.add(new String[] { "Content-Type", type });
		}
		for (String accept : List.of("text/html", "application/xml", "image/png", "*/*;q=0", "application/json;q=0",
				"application/json;q=abc", "garbage", "", "text/*", "\u00e9/\u00e9",
				"application/json, " + LATIN1_BYTES)) {
			headers.add(new String[] { "Accept", accept });
		}
		for (String name : List.of("Idempotency-Key", "If-None-Match", "X-Request-ID", "Origin", "Cookie", "User-Agent",
				"Accept-Language", "Accept-Encoding", "Referer", "X-Forwarded-For", "X-Forwarded-Proto",
				"X-Forwarded-Host", "X-Forwarded-Port", "Forwarded", "Accept-Charset", "Content-Language")) {
			headers.add(new String[] { name, LATIN1_BYTES });
			headers.add(new String[] { name, "x".repeat(6000) });
		}
		headers.add(new String[] { "Idempotency-Key", "k".repeat(256) });
		headers.add(new String[] { "If-None-Match", "*" });
		headers.add(new String[] { "If-None-Match", "\"unterminated" });
		headers.add(new String[] { "Origin", "null" });
		headers.add(new String[] { "Origin", "http://evil.example" });
		headers.add(new String[] { "Cookie", "SESSION=not-a-session" });
		headers.add(new String[] { "Cookie", "SESSION=%00%ff" });
		headers.add(new String[] { "Range", "bytes=99999999999-" });
		headers.add(new String[] { "Content-Encoding", "gzip" });
		headers.add(new String[] { "X-HTTP-Method-Override", "DELETE" });
		headers.add(new String[] { "Host", "evil.example" });
		headers.add(new String[] { "Host", LATIN1_BYTES });
		headers.add(new String[] { "X-Huge", "h".repeat(20_000) });
		return headers;
	}

	private static List<byte[]> hostileBodies() {
		List<String> texts = List.of("", "{", "}", "null", "[]", "\"text\"", "1e999999", "{\"title\": 1e999999}",
				"[".repeat(3000) + "]".repeat(3000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
				"{\"title\": \"nul\\u0000\"}", "{\"title\": \"\\ud800\"}",
				"{\"title\": \"" + "t".repeat(300_000) + "\"}", "{\"decision\": {\"$gt\": \"\"}}",
				"{\"title\": \"t\", \"title\": \"u\"}");
		List<byte[]> bodies = new ArrayList<>();
		texts.forEach((text) -> bodies.add(text.getBytes(StandardCharsets.UTF_8)));
		bodies.add(new byte[] { (byte) 0xff, (byte) 0xfe, '{', 0, '}' });
		bodies.add(new byte[] { (byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}' });
		bodies.add(new byte[] { '{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xc3, '"', '}' });
		return bodies;
	}

	private static List<UnaryOperator<String>> hostilePaths() {
		return List.of((p) -> p + "/", (p) -> p.replaceFirst("/", "//"), (p) -> p.replace("/v1/", "/v1//"),
				(p) -> p + "//x", (p) -> p + "/%2e%2e", (p) -> p + "/%2e%2e/%2e%2e/actuator/env", (p) -> p + "/..;/x",
				(p) -> p + "%00", (p) -> p + "/%00", (p) -> p + "%2f", (p) -> p + "%2F..%2F", (p) -> p + "%5c",
				(p) -> p + ";jsessionid=x", (p) -> p + ";x=1/y", (p) -> p + "%", (p) -> p + "%zz",
				(p) -> p + "/%c0%ae%c0%ae", (p) -> p + "/%ff%fe", (p) -> p + "/" + LATIN1_BYTES.replace(" ", ""),
				(p) -> p + "?%00=1&page=-1&page_size=zzz&state=%00&updated_after=x&wait=999&priority[]=1",
				(p) -> p + "?" + "a=1&".repeat(2000), (p) -> p + "/" + "a".repeat(6000), (p) -> p + "#frag",
				(p) -> p.toUpperCase(), (p) -> p + "/./.", (p) -> p.replace("/", "/%2e/"));
	}

	private OpenAPI spec() {
		Result served = api().get("/api/v1/openapi.json", null);
		assertThat(served.status()).isEqualTo(200);
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		return new OpenAPIV3Parser().readContents(served.body(), null, options).getOpenAPI();
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

}
