package dev.hitl.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The service under test as the benchmark calls it: the agent API with an API key, the
 * reviewer API and the engine's REST API with HTTP Basic. Loopback only.
 */
final class Service {

	static final ObjectMapper JSON = new ObjectMapper();

	static final String REVIEWER = "benchreviewer";

	static final String LISTER = "benchlister";

	static final String TEAM = "benchteam";

	static final String PASSWORD = "Bench-Reviewer-Passw0rd-42";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.executor(Executors.newFixedThreadPool(4, (runnable) -> {
			Thread thread = new Thread(runnable, "http-callbacks");
			thread.setDaemon(true);
			return thread;
		}))
		.build();

	private final String base;

	private final String admin;

	private final String reviewer;

	private final String lister;

	private String apiKey;

	Service(String base, String adminPassword) {
		this.base = base;
		this.admin = (adminPassword != null) ? basic("admin", adminPassword) : null;
		this.reviewer = (adminPassword != null) ? basic(REVIEWER, PASSWORD) : null;
		this.lister = (adminPassword != null) ? basic(LISTER, PASSWORD) : null;
	}

	/**
	 * The stock Camunda peer: the same engine REST calls, without credentials (its REST
	 * API is open, as the starter sets it up).
	 */
	static Service peer(String base) {
		return new Service(base, null);
	}

	String base() {
		return this.base;
	}

	void useApiKey(String key) {
		this.apiKey = "Bearer " + key;
	}

	// --- requests the scenarios send ---

	HttpRequest create(String body) {
		return post("/api/v1/consultations", this.apiKey, body);
	}

	/**
	 * R1 (and the peer's start): the engine's bare REST start of the same process with
	 * the variables {@code ConsultationWorkflow.start} passes, the lists JSON-serialized
	 * as the service's {@code default-serialization-format} stores them, and the
	 * consultation id as business key.
	 */
	HttpRequest engineStart(String consultationId) {
		String body = "{\"businessKey\":\"" + consultationId + "\",\"variables\":{" + "\"consultationId\":{\"value\":\""
				+ consultationId + "\",\"type\":\"String\"}," + "\"timeout\":{\"value\":\"PT24H\",\"type\":\"String\"},"
				+ "\"reviewerGroups\":" + jsonList("[\\\"reviewers\\\"]") + "," + "\"reviewerUsers\":" + jsonList("[]")
				+ "," + "\"priority\":{\"value\":\"normal\",\"type\":\"String\"},"
				// The review policies' start variables, as ConsultationWorkflow.start passes
				// them for a consultation without policies (ProcessPolicy.EXPIRE).
				+ "\"onTimeout\":{\"value\":\"expire\",\"type\":\"String\"},"
				+ "\"timeoutDecision\":{\"value\":null,\"type\":\"Null\"},"
				+ "\"timeoutChoice\":{\"value\":null,\"type\":\"Null\"},"
				+ "\"escalationGroups\":" + jsonList("[]") + "," + "\"escalationUsers\":" + jsonList("[]") + ","
				+ "\"escalationTimeout\":{\"value\":null,\"type\":\"Null\"},"
				+ "\"reminders\":" + jsonList("[]") + ","
				+ "\"approvalsRequired\":{\"value\":1,\"type\":\"Integer\"},"
				+ "\"approvalCount\":{\"value\":0,\"type\":\"Integer\"}}}";
		return post("/engine-rest/process-definition/key/consultation/start", this.admin, body);
	}

	/** R2: a trivial authenticated GET, one indexed lookup that finds nothing. */
	HttpRequest trivialGet() {
		return get("/api/v1/consultations?external_ref=bench-none&page_size=1", this.apiKey).build();
	}

	HttpRequest getIfNoneMatch(String id, String etag) {
		return get("/api/v1/consultations/" + id, this.apiKey).header("If-None-Match", etag).build();
	}

	HttpRequest listUpdatedAfter(String instant) {
		return get("/api/v1/consultations?updated_after=" + instant, this.apiKey).build();
	}

	HttpRequest reviewerList() {
		return get("/api/v1/review/consultations?state=pending&page_size=50", this.lister).build();
	}

	HttpRequest respond(String id) {
		return post("/api/v1/consultations/" + id + "/respond", this.reviewer, "{\"decision\":\"approved\"}");
	}

	/** The bare engine counterpart of an answer. */
	HttpRequest completeTask(String taskId) {
		return post("/engine-rest/task/" + taskId + "/complete", this.reviewer,
				"{\"variables\":{\"decision\":{\"value\":\"approved\",\"type\":\"String\"}}}");
	}

	HttpRequest prometheus() {
		return get("/actuator/prometheus", this.admin).build();
	}

	// --- sending ---

	CompletableFuture<Integer> status(HttpRequest request) {
		return this.client.sendAsync(request, BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
	}

	/** Sends and hands a successful response's JSON to {@code onBody}. */
	CompletableFuture<Integer> json(HttpRequest request, Consumer<JsonNode> onBody) {
		return this.client.sendAsync(request, BodyHandlers.ofByteArray()).thenApply((response) -> {
			if (response.statusCode() / 100 == 2) {
				try {
					onBody.accept(JSON.readTree(response.body()));
				}
				catch (IOException ex) {
					return 0;
				}
			}
			return response.statusCode();
		});
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.uri() + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	JsonNode sendJson(HttpRequest request, int expected) {
		HttpResponse<String> response = send(request);
		if (response.statusCode() != expected) {
			throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
					+ response.statusCode() + ": " + response.body());
		}
		try {
			return response.body().isEmpty() ? null : JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// --- setup as admin ---

	boolean ready() {
		return ready("/actuator/health/readiness");
	}

	/** The peer has no actuator: its engine answering means it is up. */
	boolean peerReady() {
		return ready("/engine-rest/process-definition/key/consultation");
	}

	private boolean ready(String path) {
		try {
			return this.client.send(get(path, null).build(), BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	String createApiKey(String owner) {
		JsonNode created = sendJson(
				post("/api/v1/api-keys", this.admin, "{\"name\":\"bench\",\"owner\":\"" + owner + "\"}"), 201);
		return created.get("key").asText();
	}

	void ensureUser(String id, String email, String group) {
		String profile = "{\"profile\":{\"id\":\"" + id + "\",\"firstName\":\"Bench\",\"lastName\":\"" + id + "\""
				+ ((email != null) ? ",\"email\":\"" + email + "\"" : "") + "},\"credentials\":{\"password\":\""
				+ PASSWORD + "\"}}";
		if (send(get("/engine-rest/user/" + id + "/profile", this.admin).build()).statusCode() == 404) {
			int status = send(post("/engine-rest/user/create", this.admin, profile)).statusCode();
			if (status / 100 != 2) {
				throw new IllegalStateException("Cannot create user " + id + ": " + status);
			}
		}
		if (send(get("/engine-rest/group/" + group, this.admin).build()).statusCode() == 404) {
			send(post("/engine-rest/group/create", this.admin,
					"{\"id\":\"" + group + "\",\"name\":\"" + group + "\",\"type\":\"WORKFLOW\"}"));
		}
		JsonNode members = sendJson(
				get("/engine-rest/user/count?id=" + id + "&memberOfGroup=" + group, this.admin).build(), 200);
		if (members.get("count").asLong() > 0) {
			return;
		}
		HttpRequest member = builder("/engine-rest/group/" + group + "/members/" + id, this.admin)
			.PUT(BodyPublishers.noBody())
			.build();
		int added = send(member).statusCode();
		if (added / 100 != 2) {
			throw new IllegalStateException("Cannot add " + id + " to " + group + ": " + added);
		}
	}

	private static String jsonList(String escapedJson) {
		return "{\"value\":\"" + escapedJson + "\",\"type\":\"Object\",\"valueInfo\":{"
				+ "\"objectTypeName\":\"java.util.ArrayList\",\"serializationDataFormat\":\"application/json\"}}";
	}

	private HttpRequest post(String path, String authorization, String body) {
		return builder(path, authorization).header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body))
			.build();
	}

	private HttpRequest.Builder get(String path, String authorization) {
		return builder(path, authorization).GET();
	}

	private HttpRequest.Builder builder(String path, String authorization) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(TIMEOUT);
		if (authorization != null) {
			builder.header("Authorization", authorization);
		}
		return builder;
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
