package dev.hitl.consultation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The MCP server driven by the SDK's own client over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class McpTests extends ApiTestSupport {

	@Autowired
	private ConsultationWaits waits;

	@Test
	@SuppressWarnings("unchecked")
	void theFourToolsDeclareTheirInputAndOutputSchemas() {
		try (McpSession mcp = new McpSession(this.port, newAgent())) {
			List<Tool> tools = mcp.listTools().tools();
			assertThat(tools).extracting(Tool::name)
				.containsExactlyInAnyOrder("ask_human", "get_consultation", "list_consultations",
						"cancel_consultation");
			Tool ask = tools.stream().filter((tool) -> tool.name().equals("ask_human")).findFirst().orElseThrow();
			assertThat(ask.description()).startsWith("Ask a human reviewer to approve, choose or answer");
			assertThat((List<Object>) ask.inputSchema().get("required")).containsExactly("title");
			assertThat((Map<String, Object>) ask.inputSchema().get("properties")).containsKeys("title", "response_type",
					"options", "context", "timeout", "callback_url", "requested_by", "idempotency_key", "wait_seconds");
			assertThat(ask.outputSchema()).containsKey("properties");
			assertThat(tools).allSatisfy((tool) -> assertThat(tool.outputSchema()).isNotNull());
		}
	}

	@Test
	void askThenWaitWhileAReviewerAnswers() throws Exception {
		String reviewer = newReviewer(uniqueId("mcp"), "reviewers");
		try (McpSession mcp = new McpSession(this.port, newAgent())) {
			mcp.listTools();
			CallToolResult asked = mcp.call("ask_human", Map.of("title", "Refund order 1042 for 89 EUR?", "context",
					Map.of("order", 1042), "priority", "high", "idempotency_key", "refund-1042"));
			assertThat(asked.isError()).isNotEqualTo(Boolean.TRUE);
			JsonNode pending = McpSession.structured(asked);
			String id = pending.get("id").asText();
			assertThat(pending.get("state").asText()).isEqualTo("pending");
			assertThat(pending.get("poll_after_seconds").asInt()).isPositive();
			int before = this.waits.waiting();
			CompletableFuture<CallToolResult> waiting = CompletableFuture
				.supplyAsync(() -> mcp.call("get_consultation", Map.of("id", id, "wait_seconds", 30)));
			await().until(() -> this.waits.waiting() > before);
			mcp.note("    (reviewer approves through POST /api/v1/consultations/" + id + "/respond)");
			assertThat(api()
				.post("/api/v1/consultations/" + id + "/respond", reviewer,
						map("decision", "approved", "comment", "Carrier confirmed loss"))
				.status()).isEqualTo(200);
			JsonNode answered = McpSession.structured(waiting.join());
			assertThat(answered.get("state").asText()).isEqualTo("responded");
			assertThat(answered.get("response").get("decision").asText()).isEqualTo("approved");
			assertThat(answered.get("response").get("decided_by") == null
					|| answered.get("response").get("decided_by").asText().equals("reviewer"))
				.isTrue();
			assertThat(answered.has("poll_after_seconds")).isFalse();
			mcp.note("    (the agent restarts and repeats its call with the same idempotency_key)");
			JsonNode repeated = McpSession.structured(mcp.call("ask_human",
					Map.of("title", "Refund order 1042 for 89 EUR?", "context", Map.of("order", 1042), "priority",
							"high", "idempotency_key", "refund-1042", "wait_seconds", 5)));
			assertThat(repeated.get("id").asText()).isEqualTo(id);
			assertThat(repeated.get("state").asText()).isEqualTo("responded");
			JsonNode listed = McpSession.structured(mcp.call("list_consultations", Map.of("state", "responded")));
			assertThat(listed.get("items")).extracting((item) -> item.get("id").asText()).containsExactly(id);
			mcp.save(Path.of("target", "mcp-session.txt"));
		}
	}

	@Test
	void invalidInputIsAToolErrorNamingTheField() throws Exception {
		try (McpSession mcp = new McpSession(this.port, newAgent())) {
			CallToolResult result = mcp.call("ask_human",
					Map.of("title", "Pick", "response_type", "choice", "timeout", "soon"));
			assertThat(result.isError()).isTrue();
			JsonNode problem = McpSession.text(result);
			assertThat(problem.get("status").asInt()).isEqualTo(400);
			assertThat(problem.get("errors")).extracting((error) -> error.get("field").asText())
				.contains("options", "timeout");
			assertThat(mcp.call("get_consultation", Map.of("id", "not-a-uuid")).isError()).isTrue();
			CallToolResult tooLong = mcp.call("get_consultation",
					Map.of("id", java.util.UUID.randomUUID().toString(), "wait_seconds", 51));
			assertThat(McpSession.text(tooLong).get("errors").get(0).get("field").asText()).isEqualTo("wait_seconds");
		}
	}

	@Test
	void anotherOwnersConsultationIsNotFound() throws Exception {
		String id = create(newAgent(), map("title", "Not yours")).get("id").asText();
		try (McpSession mcp = new McpSession(this.port, newAgent())) {
			CallToolResult got = mcp.call("get_consultation", Map.of("id", id, "wait_seconds", 5));
			assertThat(got.isError()).isTrue();
			assertThat(McpSession.text(got).get("status").asInt()).isEqualTo(404);
			CallToolResult cancelled = mcp.call("cancel_consultation", Map.of("id", id));
			assertThat(McpSession.text(cancelled).get("status").asInt()).isEqualTo(404);
		}
	}

	@Test
	void cancellingTwiceIsAConflict() throws Exception {
		try (McpSession mcp = new McpSession(this.port, newAgent())) {
			String id = McpSession.structured(mcp.call("ask_human", Map.of("title", "Withdraw me"))).get("id").asText();
			assertThat(McpSession.structured(mcp.call("cancel_consultation", Map.of("id", id))).get("state").asText())
				.isEqualTo("cancelled");
			assertThat(McpSession.text(mcp.call("cancel_consultation", Map.of("id", id))).get("status").asInt())
				.isEqualTo(409);
		}
	}

	@Test
	void withoutAnApiKeyTheTransportAnswers401() throws Exception {
		String initialize = """
				{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18",
				 "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}}""";
		for (String authorization : new String[] { null, "Bearer hitl_not-a-key" }) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/mcp"))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json, text/event-stream")
				.POST(HttpRequest.BodyPublishers.ofString(initialize));
			if (authorization != null) {
				request.header("Authorization", authorization);
			}
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(401);
		}
	}

}
