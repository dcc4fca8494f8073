package dev.hitl.workflow;

import java.util.List;
import java.util.Map;

import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Answers are plain strings: a reviewer who sets {@code decision} as an object, JSON or
 * number is refused without the engine ever instantiating it, and object variables only
 * ever deserialize as the few types the service itself stores.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class AnswerVariableTypesTests extends ApiTestSupport {

	private static final String JSON = Variables.SerializationDataFormats.JSON.getName();

	@Autowired
	private RuntimeService runtime;

	private String reviewer;

	private String agent;

	private String consultationId;

	@BeforeEach
	void setUp() {
		String group = uniqueId("team");
		this.reviewer = newReviewer(uniqueId("rev"), group);
		this.agent = newAgent();
		this.consultationId = create(this.agent,
				map("title", "Typed?", "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		DeserializationProbe.INSTANCES.set(0);
	}

	@Test
	void aDecisionThatIsNotAStringIsRefusedWithoutBeingDeserialized() {
		String task = api().get("/engine-rest/task?processInstanceBusinessKey=" + this.consultationId, ADMIN_AUTH)
			.json()
			.get(0)
			.get("id")
			.asText();
		List<Map<String, Object>> forged = List.of(
				map("type", "Object", "value", "{}", "valueInfo",
						map("objectTypeName", DeserializationProbe.class.getName(), "serializationDataFormat", JSON)),
				map("type", "Object", "value", "[\"approved\"]", "valueInfo",
						map("objectTypeName", "java.util.ArrayList<java.lang.String>", "serializationDataFormat",
								JSON)),
				map("type", "Json", "value", "\"approved\""), map("type", "Integer", "value", 1));
		for (Map<String, Object> decision : forged) {
			Result refused = api().post("/engine-rest/task/" + task + "/complete", this.reviewer,
					map("variables", map("decision", decision)));
			assertThat(refused.status()).as(decision + " -> " + refused).isEqualTo(400);
		}
		assertThat(DeserializationProbe.INSTANCES).hasValue(0);
		assertThat(get(this.agent, this.consultationId).get("state").asText()).isEqualTo("pending");
		Result answered = api().post("/engine-rest/task/" + task + "/complete", this.reviewer,
				map("variables", map("decision", map("value", "approved", "type", "String"))));
		assertThat(answered.status()).as(answered.toString()).isEqualTo(204);
		assertThat(get(this.agent, this.consultationId).get("response").get("decision").asText()).isEqualTo("approved");
	}

	@Test
	void objectVariablesDeserializeOnlyAsTheTypesTheServiceStores() {
		String process = this.runtime.createProcessInstanceQuery()
			.processInstanceBusinessKey(this.consultationId)
			.singleResult()
			.getId();
		this.runtime.setVariable(process, "probe",
				Variables.serializedObjectValue("{}")
					.objectTypeName(DeserializationProbe.class.getName())
					.serializationDataFormat(JSON)
					.create());
		assertThatThrownBy(() -> this.runtime.getVariable(process, "probe")).isInstanceOf(ProcessEngineException.class);
		assertThat(DeserializationProbe.INSTANCES).hasValue(0);

		assertThat(this.runtime.getVariable(process, ProcessVariables.REVIEWER_GROUPS)).isInstanceOf(List.class);
		// As earlier versions stored the reviewer lists.
		this.runtime.setVariable(process, "legacyGroups",
				Variables.serializedObjectValue("[\"billing\"]")
					.objectTypeName("java.util.ImmutableCollections$ListN<java.lang.String>")
					.serializationDataFormat(JSON)
					.create());
		assertThat(this.runtime.getVariable(process, "legacyGroups")).isEqualTo(List.of("billing"));
	}

}
