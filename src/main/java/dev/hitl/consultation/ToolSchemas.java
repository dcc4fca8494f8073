package dev.hitl.consultation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;

/**
 * JSON Schemas of the MCP tools, generated from the very types (and their {@code @Schema}
 * rules) that document the REST API, with the API's own JSON naming: one definition of
 * each field for the OpenAPI document and the tools. Nested types are inlined (a tool's
 * schema stands alone), and a field that is not required may also be {@code null}, as it
 * may in the API.
 */
final class ToolSchemas {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final ModelConverters converters;

	private final ObjectMapper json;

	ToolSchemas(ObjectMapper json) {
		this.json = json;
		this.converters = new ModelConverters();
		this.converters.addConverter(new ModelResolver(json));
	}

	/** The object schema of {@code type}, plus {@code extra} properties. */
	Map<String, Object> of(Class<?> type, Map<String, Map<String, Object>> extra) {
		ResolvedSchema resolved = this.converters.readAllAsResolvedSchema(new AnnotatedType(type).resolveAsRef(false));
		Map<String, Map<String, Object>> named = new LinkedHashMap<>();
		resolved.referencedSchemas.forEach((name, referenced) -> named.put(name, read(referenced)));
		Map<String, Object> schema = inline(read(resolved.schema), named, 0);
		schema.remove("title");
		@SuppressWarnings("unchecked")
		Map<String, Object> properties = (Map<String, Object>) schema.computeIfAbsent("properties",
				(key) -> new LinkedHashMap<>());
		nullable(schema);
		properties.putAll(extra);
		return schema;
	}

	private Map<String, Object> read(io.swagger.v3.oas.models.media.Schema<?> schema) {
		try {
			return this.json.readValue(Json.mapper().writeValueAsString(schema), MAP);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot write a tool schema", ex);
		}
	}

	/**
	 * Replaces each {@code $ref} by the schema it names; a free JSON value is anything.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> inline(Map<String, Object> schema, Map<String, Map<String, Object>> named,
			int depth) {
		if (schema.get("$ref") instanceof String ref) {
			String name = ref.substring(ref.lastIndexOf('/') + 1);
			Map<String, Object> target = named.get(name);
			if (target == null || depth > 10 || name.endsWith("Node")) {
				return new LinkedHashMap<>(Map.of("type", "object"));
			}
			return inline(new LinkedHashMap<>(target), named, depth + 1);
		}
		Map<String, Object> copy = new LinkedHashMap<>(schema);
		if (copy.get("properties") instanceof Map<?, ?> properties) {
			Map<String, Object> inlined = new LinkedHashMap<>();
			properties.forEach(
					(key, value) -> inlined.put((String) key, inline((Map<String, Object>) value, named, depth + 1)));
			copy.put("properties", inlined);
		}
		if (copy.get("items") instanceof Map<?, ?> items) {
			copy.put("items", inline((Map<String, Object>) items, named, depth + 1));
		}
		if (copy.containsKey("additionalProperties")) {
			copy.put("additionalProperties", true);
		}
		return copy;
	}

	@SuppressWarnings("unchecked")
	private static void nullable(Map<String, Object> schema) {
		Object properties = schema.get("properties");
		if (properties instanceof Map<?, ?> all) {
			List<?> required = (schema.get("required") instanceof List<?> names) ? names : List.of();
			for (Map.Entry<?, ?> property : all.entrySet()) {
				Map<String, Object> child = (Map<String, Object>) property.getValue();
				nullable(child);
				if (!required.contains(property.getKey()) && child.get("type") instanceof String type) {
					child.put("type", new ArrayList<>(List.of(type, "null")));
					if (child.get("enum") instanceof List<?> values && !values.contains(null)) {
						List<Object> withNull = new ArrayList<>(values);
						withNull.add(null);
						child.put("enum", withNull);
					}
				}
			}
		}
		if (schema.get("items") instanceof Map<?, ?> items) {
			nullable((Map<String, Object>) items);
		}
		schema.remove("nullable");
		schema.remove("example");
	}

}
