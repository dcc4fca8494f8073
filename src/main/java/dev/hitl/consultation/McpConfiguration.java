package dev.hitl.consultation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitl.security.CreationLimit;
import dev.hitl.system.NotOnWorkerNodes;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessAsyncServer;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;

import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The MCP server (ARCHITECTURE section 9) on the official SDK: its stateless server with
 * the four tools, served by {@link McpEndpoint}.
 */
@Configuration(proxyBeanMethods = false)
@NotOnWorkerNodes
class McpConfiguration {

	/** The SDK's own mapper, for JSON-RPC: protocol fields as the SDK names them. */
	@Bean
	McpJsonMapper mcpJsonMapper() {
		return new JacksonMcpJsonMapper(new ObjectMapper().findAndRegisterModules());
	}

	@Bean(destroyMethod = "close")
	McpStatelessAsyncServer mcpServer(McpEndpoint endpoint, McpJsonMapper mcpJson, ConsultationManagement consultations,
			NewConsultationParser parser, IdempotentCreation idempotent, ConsultationChanges changes,
			ConsultationWaits waits, CreationLimit creationLimit, ObjectMapper json,
			ObjectProvider<BuildProperties> build) {
		McpTools tools = new McpTools(consultations, parser, idempotent, changes, waits, creationLimit, json);
		String version = build.stream().map(BuildProperties::getVersion).findFirst().orElse("dev");
		return McpServer.async(endpoint)
			.serverInfo("hitl-orchestrator", version)
			.instructions("Ask a human (ask_human), then wait for the answer with get_consultation and "
					+ "wait_seconds until the state is no longer pending.")
			.capabilities(ServerCapabilities.builder().tools(false).build())
			.jsonMapper(mcpJson)
			.validateToolInputs(false)
			.tools(tools.all())
			.build();
	}

}
