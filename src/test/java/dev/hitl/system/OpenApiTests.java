package dev.hitl.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document is valid OpenAPI 3, lists every route of the public API as
 * Spring MVC maps it, and documents each one fully.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class OpenApiTests extends ApiTestSupport {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void theDocumentIsServedAnonymouslyAndValidatesAsOpenApi3() {
		OpenAPI spec = spec();
		assertThat(spec.getOpenapi()).startsWith("3.");
		assertThat(spec.getInfo().getTitle()).isEqualTo("HITL Orchestrator API");
	}

	@Test
	void everyPublicRouteIsListed() {
		Set<String> mapped = new TreeSet<>();
		this.mappings.getHandlerMethods().forEach((info, handler) -> {
			if (!handler.getBeanType().getPackageName().startsWith("dev.hitl")) {
				return;
			}
			for (String path : info.getPatternValues()) {
				if (path.startsWith("/api/v1/")) {
					for (RequestMethod method : info.getMethodsCondition().getMethods()) {
						mapped.add(method + " " + path);
					}
				}
			}
		});
		Set<String> documented = new TreeSet<>();
		spec().getPaths()
			.forEach((path, item) -> item.readOperationsMap()
				.keySet()
				.forEach((method) -> documented.add(method + " " + path)));
		assertThat(mapped).contains("POST /api/v1/consultations", "GET /api/v1/consultations/{id}",
				"POST /api/v1/consultations/{id}/respond", "POST /api/v1/api-keys");
		assertThat(documented).isEqualTo(mapped);
	}

	@Test
	void everyOperationHasASummaryATagSecurityAndItsErrors() {
		List<String> problems = new ArrayList<>();
		spec().getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			String name = method + " " + path;
			if (operation.getSummary() == null || operation.getSummary().isBlank()) {
				problems.add(name + " has no summary");
			}
			if (operation.getTags() == null || operation.getTags().isEmpty()) {
				problems.add(name + " has no tag");
			}
			if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
				problems.add(name + " names no security scheme");
			}
			if (!operation.getResponses().keySet().containsAll(List.of("401", "403", "500"))) {
				problems.add(name + " lacks the shared error responses");
			}
			operation.getResponses().forEach((status, response) -> {
				if (status.matches("[45]..") && (response.getContent() == null
						|| !response.getContent().containsKey("application/problem+json"))) {
					problems.add(name + " " + status + " is not problem+json");
				}
			});
			if (hasBody(method) && operation.getRequestBody() != null
					&& operation.getRequestBody().getContent().get("application/json").getExamples() == null) {
				problems.add(name + " has a request body without examples");
			}
		}));
		assertThat(problems).isEmpty();
	}

	@Test
	void agentsReviewersAndAdminsEachHaveTheirSecurityScheme() {
		Map<String, SecurityScheme> schemes = spec().getComponents().getSecuritySchemes();
		assertThat(schemes).containsKeys("apiKey", "basic", "oidc");
		assertThat(schemes.get("apiKey").getScheme()).isEqualTo("bearer");
		assertThat(schemes.get("basic").getScheme()).isEqualTo("basic");
		Operation create = spec().getPaths().get("/api/v1/consultations").getPost();
		assertThat(create.getSecurity().get(0)).containsKey("apiKey");
		assertThat(create.getRequestBody().getContent().get("application/json").getSchema().get$ref())
			.endsWith("/NewConsultation");
		Operation respond = spec().getPaths().get("/api/v1/consultations/{id}/respond").getPost();
		assertThat(respond.getSecurity()).anySatisfy((requirement) -> assertThat(requirement).containsKey("oidc"));
		assertThat(spec().getComponents().getSchemas().get("Consultation").getProperties())
			.containsKeys("response_type", "external_ref", "created_at", "callback");
	}

	@Test
	void swaggerUiLoadsWithoutCredentials() {
		Result docs = api().get("/api/v1/docs", null);
		assertThat(docs.status()).isEqualTo(302);
		String location = docs.header("Location");
		assertThat(location).endsWith("/index.html");
		String path = location.replaceFirst("^https?://[^/]+", "");
		Result page = api().get(path, null);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("swagger-ui");
		Result initializer = api().get(path.replace("index.html", "swagger-initializer.js"), null);
		assertThat(initializer.status()).isEqualTo(200);
		assertThat(initializer.body()).contains("/api/v1/openapi.json/swagger-config");
		Result config = api().get("/api/v1/openapi.json/swagger-config", null);
		assertThat(config.status()).isEqualTo(200);
		assertThat(config.json().get("url").asText()).isEqualTo("/api/v1/openapi.json");
	}

	private OpenAPI spec() {
		Result served = api().get("/api/v1/openapi.json", null);
		assertThat(served.status()).isEqualTo(200);
		assertThat(served.contentType()).startsWith("application/json");
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served.body(), null, options);
		assertThat(parsed.getMessages()).as("OpenAPI validation messages").isEmpty();
		assertThat(parsed.getOpenAPI()).isNotNull();
		return parsed.getOpenAPI();
	}

	private static boolean hasBody(PathItem.HttpMethod method) {
		return method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT
				|| method == PathItem.HttpMethod.PATCH;
	}

}
