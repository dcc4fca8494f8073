package dev.hitl.consultation;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process a designer drops into {@code processes/} (here the test-only
 * {@code quickApproval.bpmn}) deploys with no code change and drives the consultation the
 * same way, with no listener or delegate in the model.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DesignerProcessTests extends ApiTestSupport {

	@Test
	void anotherProcessFileIsDeployedAndAnsweredLikeTheDefault() {
		String group = uniqueId("team");
		String userId = uniqueId("rev");
		String reviewer = newReviewer(userId, group);
		String agent = newAgent();
		JsonNode created = create(agent, map("title", "Quick one", "process", "quickApproval", "reviewers",
				reviewers(List.of(group), List.of())));
		assertThat(created.get("process").asText()).isEqualTo("quickApproval");
		String id = created.get("id").asText();
		Result answered = api().post("/api/v1/consultations/" + id + "/respond", reviewer, map("decision", "approved"));
		assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
		assertThat(get(agent, id).get("state").asText()).isEqualTo("responded");
		assertThat(api().get("/engine-rest/process-instance?businessKey=" + id, ADMIN_AUTH).json()).isEmpty();
	}

	@Test
	void cancellingAProcessWithoutACancellationPathEndsIt() {
		String agent = newAgent();
		String id = create(agent, map("title", "Never mind", "process", "quickApproval")).get("id").asText();
		Result cancelled = api().post("/api/v1/consultations/" + id + "/cancel", agent, "");
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().get("state").asText()).isEqualTo("cancelled");
		assertThat(api().get("/engine-rest/process-instance?businessKey=" + id, ADMIN_AUTH).json()).isEmpty();
	}

	@Test
	void deletingTheProcessInCockpitCancelsTheConsultation() {
		String agent = newAgent();
		String id = create(agent, map("title", "Deleted by an operator")).get("id").asText();
		String instanceId = api().get("/engine-rest/process-instance?businessKey=" + id, ADMIN_AUTH)
			.json()
			.get(0)
			.get("id")
			.asText();
		assertThat(api().delete("/engine-rest/process-instance/" + instanceId, ADMIN_AUTH).status()).isEqualTo(204);
		assertThat(get(agent, id).get("state").asText()).isEqualTo("cancelled");
	}

}
