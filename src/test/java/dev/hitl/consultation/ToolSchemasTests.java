package dev.hitl.consultation;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToolSchemasTests {

	private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
		.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

	@Test
	void theCreateSchemaCarriesTheApiFieldRules() throws Exception {
		Map<String, Object> schema = new ToolSchemas(this.json).of(ConsultationApiDocs.NewConsultationRequest.class,
				Map.of());
		System.out.println(this.json.writerWithDefaultPrettyPrinter().writeValueAsString(schema));
		System.out.println(this.json.writerWithDefaultPrettyPrinter()
			.writeValueAsString(new ToolSchemas(this.json).of(Consultation.class, Map.of())));
		assertThat(schema).containsEntry("type", "object");
	}

}
