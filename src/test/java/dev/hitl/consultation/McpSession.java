package dev.hitl.consultation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;

/**
 * An MCP session with the SDK's own client over real HTTP, keeping a transcript of what
 * went over the wire (requests as sent, results as the client read them).
 */
final class McpSession implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

	private final McpSyncClient client;

	private final List<String> transcript = new ArrayList<>();

	McpSession(int port, String authorization) {
		HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
			.builder("http://127.0.0.1:" + port)
			.endpoint("/mcp")
			.httpRequestCustomizer((request, method, uri, body, context) -> {
				request.header("Authorization", authorization);
				synchronized (this.transcript) {
					this.transcript.add("--> " + method + " " + uri.getPath() + "  " + body);
				}
			})
			.build();
		this.client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(90)).build();
		this.client.initialize();
		note("<-- initialized: " + write(this.client.getCurrentInitializationResult()));
	}

	ListToolsResult listTools() {
		ListToolsResult tools = this.client.listTools();
		note("<-- tools: " + tools.tools().stream().map((tool) -> tool.name()).toList());
		return tools;
	}

	CallToolResult call(String tool, Map<String, Object> arguments) {
		CallToolResult result = this.client.callTool(new CallToolRequest(tool, arguments));
		note("<-- " + tool + (Boolean.TRUE.equals(result.isError()) ? " isError: " : ": ")
				+ ((result.structuredContent() != null) ? write(result.structuredContent()) : write(result.content())));
		return result;
	}

	static JsonNode structured(CallToolResult result) {
		return JSON.valueToTree(result.structuredContent());
	}

	/** The text of a result's first content (the problem JSON of an error). */
	static JsonNode text(CallToolResult result) throws IOException {
		return JSON.readTree(((io.modelcontextprotocol.spec.McpSchema.TextContent) result.content().get(0)).text());
	}

	void note(String line) {
		synchronized (this.transcript) {
			this.transcript.add(line);
		}
	}

	void save(Path file) throws IOException {
		Files.createDirectories(file.getParent());
		synchronized (this.transcript) {
			Files.write(file, this.transcript);
		}
	}

	private static String write(Object value) {
		try {
			return JSON.writeValueAsString(value);
		}
		catch (IOException ex) {
			return String.valueOf(value);
		}
	}

	@Override
	public void close() {
		this.client.closeGracefully();
	}

}
