package dev.hitl.consultation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MCP tools' schemas come from the types that document the REST API; these checks
 * keep them and the parser that enforces the rules on the same fields and limits.
 */
class ToolSchemasTests {

	private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
		.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

	private final Map<String, Object> create = new ToolSchemas(this.json)
		.of(ConsultationApiDocs.NewConsultationRequest.class, Map.of());

	@Test
	@SuppressWarnings("unchecked")
	void theCreateSchemaHasExactlyTheFieldsTheParserReads() {
		assertThat(this.create).containsEntry("type", "object").containsEntry("required", List.of("title"));
		assertThat(((Map<String, Object>) this.create.get("properties")).keySet())
			.containsExactlyInAnyOrderElementsOf(NewConsultationParser.FIELDS);
	}

	@Test
	@SuppressWarnings("unchecked")
	void itCarriesTheApiLimitsAndAllowsNullForOptionalFields() {
		Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) this.create.get("properties");
		assertThat(properties.get("title")).containsEntry("maxLength", 200).containsEntry("type", "string");
		assertThat(properties.get("description")).containsEntry("maxLength", 10_000)
			.containsEntry("type", List.of("string", "null"));
		assertThat(properties.get("options")).containsEntry("minItems", 2).containsEntry("maxItems", 20);
		assertThat((List<Object>) properties.get("priority").get("enum")).contains("low", "normal", "high", "urgent");
		Map<String, Object> reviewers = properties.get("reviewers");
		assertThat((Map<String, Object>) reviewers.get("properties")).containsKeys("groups", "users");
		assertThat(reviewers).doesNotContainKey("$ref");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theConsultationSchemaIsSelfContained() throws Exception {
		Map<String, Object> consultation = new ToolSchemas(this.json).of(Consultation.class, Map.of());
		assertThat(this.json.writeValueAsString(consultation)).doesNotContain("$ref");
		assertThat((Map<String, Object>) consultation.get("properties")).containsKeys("id", "state", "response",
				"callback", "expires_at");
	}

}
