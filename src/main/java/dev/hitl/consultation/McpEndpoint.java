package dev.hitl.consultation;

import java.io.IOException;
import java.util.Map;

import dev.hitl.security.Agent;
import dev.hitl.system.NotOnWorkerNodes;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.swagger.v3.oas.annotations.Hidden;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code POST /mcp}: MCP's streamable HTTP transport, stateless (no session, so any node
 * answers any call), as a Spring MVC route behind the API's filter chain: API key, owner,
 * rate limits and audit as for REST. Each JSON-RPC request is answered with one JSON
 * body; the request thread is released while a tool waits (async request handling), which
 * the SDK's own servlet transport does not do.
 */
@RestController
@NotOnWorkerNodes
@Hidden
class McpEndpoint implements McpStatelessServerTransport {

	private static final Logger log = LoggerFactory.getLogger(McpEndpoint.class);

	/** Longer than any tool waits (50 s) plus its reads. */
	private static final long TIMEOUT_MILLIS = 120_000;

	private final McpJsonMapper json;

	private volatile McpStatelessServerHandler handler;

	McpEndpoint(McpJsonMapper json) {
		this.json = json;
	}

	@Override
	public void setMcpHandler(McpStatelessServerHandler handler) {
		this.handler = handler;
	}

	@Override
	public Mono<Void> closeGracefully() {
		return Mono.empty();
	}

	@PostMapping(path = "/mcp", produces = MediaType.APPLICATION_JSON_VALUE)
	Object post(@AuthenticationPrincipal Agent agent, @RequestBody String body) {
		JSONRPCMessage message;
		try {
			message = McpSchema.deserializeJsonRpcMessage(this.json, body);
		}
		catch (IOException | IllegalArgumentException ex) {
			return ResponseEntity.badRequest()
				.contentType(MediaType.APPLICATION_JSON)
				.body(write(new JSONRPCResponse(McpSchema.JSONRPC_VERSION, null, null,
						new JSONRPCError(McpSchema.ErrorCodes.PARSE_ERROR, "Not a JSON-RPC message", null))));
		}
		McpTransportContext context = McpTransportContext.create(Map.of(McpTools.AGENT, agent));
		if (message instanceof JSONRPCRequest request) {
			DeferredResult<ResponseEntity<String>> result = new DeferredResult<>(TIMEOUT_MILLIS);
			this.handler.handleRequest(context, request)
				.onErrorResume((ex) -> Mono.just(failure(request, ex)))
				.subscribe((response) -> result
					.setResult(ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(write(response))));
			return result;
		}
		if (message instanceof JSONRPCNotification notification) {
			this.handler.handleNotification(context, notification).onErrorResume((ex) -> Mono.empty()).subscribe();
		}
		return ResponseEntity.accepted().build();
	}

	/** No server-initiated stream: the server is stateless. */
	@GetMapping("/mcp")
	ResponseEntity<Void> get() {
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).header(HttpHeaders.ALLOW, "POST").build();
	}

	private static JSONRPCResponse failure(JSONRPCRequest request, Throwable ex) {
		if (ex instanceof McpError error && error.getJsonRpcError() != null) {
			return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), null, error.getJsonRpcError());
		}
		log.error("MCP request {} failed", request.method(), ex);
		return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), null,
				new JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR, "An unexpected error occurred", null));
	}

	private String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
