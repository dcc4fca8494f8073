package dev.hitl.system;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.boot.info.BuildProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The OpenAPI document at {@code /api/v1/openapi.json} (Swagger UI at
 * {@code /api/v1/docs}). Controllers describe their own operations with annotations; this
 * adds what every operation shares: the security schemes, the RFC 9457 problem schema on
 * every error response, the {@code X-Request-ID} header, and the 401, 403 and 500 answers
 * a secured operation can always give.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String PROBLEM = "Problem";

	static {
		// Free-form JSON (the consultation's context) is an object, not Jackson's node
		// API.
		SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema());
	}

	/** Schemas follow the API's snake_case JSON, as Spring's ObjectMapper writes it. */
	@Bean
	ModelResolver snakeCaseModelResolver(ObjectMapper json) {
		return new ModelResolver(json);
	}

	@Bean
	OpenAPI hitlOpenApi(Environment environment, ObjectProvider<BuildProperties> build) {
		BuildProperties buildInfo = build.getIfAvailable();
		String version = (buildInfo != null) ? buildInfo.getVersion() : "v1";
		return new OpenAPI().info(new Info().title("HITL Orchestrator API").version(version).description("""
				Agents ask humans for a judgement and get the answer back by signed webhook \
				or by polling. Errors are RFC 9457 `application/problem+json`. Every response \
				carries `X-Request-ID` (the caller's, when sane, else a new one)."""))
			.components(new Components()
				.addSecuritySchemes(ApiDocs.API_KEY,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.bearerFormat("hitl_ API key")
							.description("An agent's API key, issued by an admin: `Authorization: Bearer hitl_...`"))
				.addSecuritySchemes(ApiDocs.BASIC,
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("basic")
							.description("A reviewer's or admin's account (the same as in Camunda Tasklist)"))
				.addSecuritySchemes(ApiDocs.OIDC, oidc(environment)));
	}

	/**
	 * Where an issuer is configured, its discovery document; else a plain bearer JWT
	 * scheme, so the document stays valid and still says what reviewers may send.
	 */
	private static SecurityScheme oidc(Environment environment) {
		String issuer = environment.getProperty("hitl.oidc.issuer-uri");
		String description = "A reviewer's OpenID Connect access token (JWT), where an issuer is configured "
				+ "(HITL_OIDC_ISSUER_URI)";
		if (StringUtils.hasText(issuer)) {
			String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
			return new SecurityScheme().type(SecurityScheme.Type.OPENIDCONNECT)
				.openIdConnectUrl(base + "/.well-known/openid-configuration")
				.description(description);
		}
		return new SecurityScheme().type(SecurityScheme.Type.HTTP)
			.scheme("bearer")
			.bearerFormat("JWT")
			.description(description);
	}

	@SuppressWarnings("rawtypes")
	private static Schema problemSchema() {
		Map<String, Schema> error = new LinkedHashMap<>();
		error.put("field", new StringSchema().example("title"));
		error.put("message", new StringSchema().example("is required"));
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().example("about:blank"))
			.addProperty("title", new StringSchema().example("Bad Request"))
			.addProperty("status", new IntegerSchema().example(400))
			.addProperty("detail", new StringSchema().example("title: is required"))
			.addProperty("instance", new StringSchema().example("/api/v1/consultations"))
			.addProperty("errors", new ArraySchema().items(new ObjectSchema().properties(error))
				.description("Each field that broke a rule (400 only)"));
	}

	/** Gives every operation the answers and headers all operations share. */
	@Bean
	OpenApiCustomizer sharedResponses() {
		return (openApi) -> {
			// Added here, not on the bean: springdoc drops schemas no operation referred
			// to yet.
			openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().values().forEach((path) -> path.readOperations().forEach(this::complete));
		};
	}

	private void complete(Operation operation) {
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.setResponses(responses);
		boolean secured = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
		if (secured) {
			responses.putIfAbsent("401", new ApiResponse().description("No valid credentials"));
			responses.putIfAbsent("403", new ApiResponse().description("The account may not do this"));
		}
		responses.putIfAbsent("500", new ApiResponse().description("Unexpected error; the request id is in the log"));
		responses.forEach((status, response) -> {
			if (status.startsWith("4") || status.startsWith("5")) {
				// springdoc guesses the handler's return type; errors are problem+json.
				response.setContent(
						new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
								new MediaType().schema(new Schema<>().$ref(ApiDocs.PROBLEM))));
			}
			else if (status.startsWith("3") || status.equals("204")) {
				response.setContent(null);
			}
			response.addHeaderObject(RequestIdFilter.HEADER,
					new Header().description("The request's id, as in the server's log").schema(new StringSchema()));
		});
	}

}
