package dev.hitl.consultation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.LoopCardinality;
import org.camunda.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.TimeDuration;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review policies through the API: what the agent asks for at creation, what the
 * process makes of it, and what the resource shows. Deadlines are passed by running the
 * process's timer jobs, as the job executor would when they are due.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ReviewPoliciesApiTests extends ApiTestSupport {

	@Autowired
	ManagementService management;

	@Autowired
	RuntimeService runtime;

	@Autowired
	TaskService tasks;

	@Autowired
	RepositoryService repository;

	@Test
	void policiesThatDoNotFitTheConsultationAreRefusedNamingTheField() {
		String agent = newAgent();
		Map<String, Object> options = map("response_type", "choice", "options",
				List.of(map("value", "a", "label", "A"), map("value", "b", "label", "B")));
		assertRefused(agent, map("on_timeout", map("action", "decide", "decision", "approved")), options,
				"on_timeout.decision");
		assertRefused(agent, map("on_timeout", map("action", "decide", "choice", "c")), options, "on_timeout.choice");
		assertRefused(agent, map("on_timeout", map("action", "decide")), Map.of(), "on_timeout.decision");
		assertRefused(agent, map("on_timeout", map("action", "decide", "decision", "maybe")), Map.of(),
				"on_timeout.decision");
		assertRefused(agent, map("on_timeout", map("action", "retry")), Map.of(), "on_timeout.action");
		assertRefused(agent, map("on_timeout", map("action", "expire", "decision", "approved")), Map.of(),
				"on_timeout.decision");
		assertRefused(agent, map("on_timeout", map("action", "decide", "decision", "approved")),
				map("response_type", "text"), "on_timeout.action");
		assertRefused(agent, map("timeout", "PT1H", "reminders", List.of("PT1H")), Map.of(), "reminders[0]");
		assertRefused(agent, map("timeout", "PT1H", "reminders", List.of("PT10M", "PT2H")), Map.of(), "reminders[1]");
		assertRefused(agent, map("reminders", List.of("soon")), Map.of(), "reminders[0]");
		assertRefused(agent, map("reminders", List.of("PT1M", "PT2M", "PT3M", "PT4M", "PT5M", "PT6M")), Map.of(),
				"reminders");
		assertRefused(agent, map("approvals_required", 2), options, "approvals_required");
		assertRefused(agent, map("approvals_required", 2), map("response_type", "text"), "approvals_required");
		assertRefused(agent, map("approvals_required", 6), Map.of(), "approvals_required");
		assertRefused(agent, map("approvals_required", "2"), Map.of(), "approvals_required");
		assertRefused(agent,
				map("on_timeout",
						map("action", "escalate", "reviewers", reviewers(List.of(), List.of()), "timeout", "PT4H")),
				Map.of(), "on_timeout.reviewers");
		assertRefused(agent,
				map("on_timeout", map("action", "escalate", "reviewers", reviewers(List.of("leads"), List.of()))),
				Map.of(), "on_timeout.timeout");
		assertRefused(agent, map("requested_by", "rita", "reviewers", reviewers(List.of(), List.of("rita"))), Map.of(),
				"requested_by");
		assertRefused(agent,
				map("requested_by", "rita", "on_timeout", map("action", "escalate", "reviewers",
						reviewers(List.of(), List.of("rita")), "timeout", "PT4H")),
				Map.of(), "on_timeout.reviewers.users");
	}

	@Test
	void theResourceCarriesThePoliciesAsCreated() {
		String agent = newAgent();
		JsonNode created = create(agent,
				map("title", "Ship it?", "timeout", "PT2H", "reminders", List.of("PT30M", "PT1H"), "approvals_required",
						2, "on_timeout", map("action", "escalate", "reviewers", reviewers(List.of("leads"), List.of()),
								"timeout", "PT4H", "decision", "rejected")));

		assertThat(created.get("on_timeout").get("action").asText()).isEqualTo("escalate");
		assertThat(created.get("on_timeout").get("decision").asText()).isEqualTo("rejected");
		assertThat(created.get("on_timeout").get("timeout").asText()).isEqualTo("PT4H");
		assertThat(created.get("reminders")).extracting(JsonNode::asText).containsExactly("PT30M", "PT1H");
		assertThat(created.get("approvals_required").asInt()).isEqualTo(2);
		assertThat(created.get("escalated_at").isNull()).isTrue();
		JsonNode plain = create(agent, map("title", "Plain"));
		assertThat(plain.get("on_timeout").get("action").asText()).isEqualTo("expire");
		assertThat(plain.get("approvals_required").asInt()).isEqualTo(1);
	}

	@Test
	void twoDistinctReviewersMustApproveAndEachApprovalShowsWhilePending() {
		String group = uniqueId("team");
		String first = uniqueId("rev");
		String second = uniqueId("rev");
		String firstAuth = newReviewer(first, group);
		String secondAuth = newReviewer(second, group);
		String agent = newAgent();
		String id = create(agent,
				map("title", "Two keys", "approvals_required", 2, "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();

		assertThat(respond(firstAuth, id, "approved").status()).isEqualTo(200);
		JsonNode pending = get(agent, id);
		assertThat(pending.get("state").asText()).isEqualTo("pending");
		assertThat(pending.get("response").get("decision").isNull()).isTrue();
		assertThat(pending.get("response").get("approvals")).hasSize(1);
		assertThat(pending.get("response").get("approvals").get(0).get("user").asText()).isEqualTo(first);
		assertThat(pending.get("response").get("approvals").get(0).get("channel").asText()).isEqualTo("api");

		String nextTask = this.tasks.createTaskQuery().processInstanceBusinessKey(id).singleResult().getId();
		assertThat(this.tasks.getVariableLocal(nextTask, "reviewStatus")).as("what the review form shows")
			.isEqualTo("1 of 2 approvals (" + first + "), each from another reviewer");

		Result twice = respond(firstAuth, id, "approved");
		assertThat(twice.status()).as(twice.toString()).isEqualTo(409);
		Result claimAgain = api().post("/api/v1/consultations/" + id + "/claim", firstAuth, Map.of());
		assertThat(claimAgain.status()).as(claimAgain.toString()).isEqualTo(409);
		assertThat(get(agent, id).get("state").asText()).isEqualTo("pending");

		assertThat(respond(secondAuth, id, "approved").status()).isEqualTo(200);
		JsonNode answered = get(agent, id);
		assertThat(answered.get("state").asText()).isEqualTo("responded");
		assertThat(answered.get("response").get("decision").asText()).isEqualTo("approved");
		assertThat(answered.get("response").get("decided_by").asText()).isEqualTo("reviewer");
		assertThat(answered.get("response").get("responded_by").asText()).isEqualTo(second);
		assertThat(answered.get("response").get("approvals")).extracting((approval) -> approval.get("user").asText())
			.containsExactly(first, second);
	}

	@Test
	void theSameReviewerCannotApproveTwiceThroughTheEnginesRestApi() {
		String group = uniqueId("team");
		String first = uniqueId("rev");
		String firstAuth = newReviewer(first, group);
		String agent = newAgent();
		String id = create(agent,
				map("title", "Two keys", "approvals_required", 2, "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();
		assertThat(respond(firstAuth, id, "approved").status()).isEqualTo(200);

		String taskId = this.tasks.createTaskQuery().processInstanceBusinessKey(id).singleResult().getId();
		Result completed = api().post("/engine-rest/task/" + taskId + "/complete", firstAuth,
				map("variables", map("decision", map("value", "approved", "type", "String"))));

		assertThat(completed.status()).as(completed.toString()).isEqualTo(409);
		assertThat(get(agent, id).get("state").asText()).isEqualTo("pending");
	}

	@Test
	void aRejectionEndsAReviewThatNeedsSeveralApprovals() {
		String group = uniqueId("team");
		String firstAuth = newReviewer(uniqueId("rev"), group);
		String agent = newAgent();
		String id = create(agent,
				map("title", "Three keys", "approvals_required", 3, "reviewers", reviewers(List.of(group), List.of())))
			.get("id")
			.asText();

		assertThat(respond(firstAuth, id, "rejected").status()).isEqualTo(200);

		JsonNode answered = get(agent, id);
		assertThat(answered.get("state").asText()).isEqualTo("responded");
		assertThat(answered.get("response").get("decision").asText()).isEqualTo("rejected");
		assertThat(answered.get("response").get("approvals")).hasSize(1);
	}

	@Test
	void aTimeoutThatDecidesRecordsTheDefaultAsTheTimeoutsNeverAReviewers() {
		String agent = newAgent();
		String id = create(agent,
				map("title", "Fail closed", "on_timeout", map("action", "decide", "decision", "rejected")))
			.get("id")
			.asText();

		fireTimer(id, "BoundaryEvent_ReviewTimedOut");

		JsonNode timedOut = get(agent, id);
		assertThat(timedOut.get("state").asText()).isEqualTo("timed_out");
		JsonNode response = timedOut.get("response");
		assertThat(response.get("decision").asText()).isEqualTo("rejected");
		assertThat(response.get("decided_by").asText()).isEqualTo("timeout");
		assertThat(response.get("responded_by").isNull()).isTrue();
		assertThat(response.get("channel").isNull()).isTrue();
	}

	@Test
	void aTimeoutOfAChoiceRecordsTheDefaultOption() {
		String agent = newAgent();
		String id = create(agent,
				map("title", "Pick", "response_type", "choice", "options",
						List.of(map("value", "a", "label", "A"), map("value", "b", "label", "B")), "on_timeout",
						map("action", "decide", "choice", "b")))
			.get("id")
			.asText();

		fireTimer(id, "BoundaryEvent_ReviewTimedOut");

		JsonNode response = get(agent, id).get("response");
		assertThat(response.get("choice").asText()).isEqualTo("b");
		assertThat(response.get("decided_by").asText()).isEqualTo("timeout");
	}

	@Test
	void aTimeoutThatExpiresRecordsNoResponse() {
		String agent = newAgent();
		String id = create(agent, map("title", "Expire")).get("id").asText();

		fireTimer(id, "BoundaryEvent_ReviewTimedOut");

		JsonNode timedOut = get(agent, id);
		assertThat(timedOut.get("state").asText()).isEqualTo("timed_out");
		assertThat(timedOut.get("response").isNull()).isTrue();
	}

	@Test
	void anEscalationAddsItsReviewersWhoCanThenAnswer() {
		String lead = uniqueId("lead");
		String leadAuth = newReviewer(lead);
		String agent = newAgent();
		JsonNode created = create(agent, map("title", "Escalate", "reviewers",
				reviewers(List.of(uniqueId("team")), List.of()), "on_timeout",
				map("action", "escalate", "reviewers", reviewers(List.of(), List.of(lead)), "timeout", "PT4H")));
		String id = created.get("id").asText();
		assertThat(respond(leadAuth, id, "approved").status()).as("not a reviewer before the escalation")
			.isEqualTo(404);

		fireTimer(id, "BoundaryEvent_ReviewTimedOut");

		JsonNode escalated = get(agent, id);
		assertThat(escalated.get("state").asText()).isEqualTo("pending");
		assertThat(escalated.get("escalated_at").isNull()).isFalse();
		assertThat(escalated.get("reviewers").get("users")).extracting(JsonNode::asText).contains(lead);
		assertThat(java.time.Instant.parse(escalated.get("expires_at").asText())).as("the escalated stage's deadline")
			.isEqualTo(java.time.Instant.parse(escalated.get("escalated_at").asText()).plus(Duration.ofHours(4)));
		Result answered = respond(leadAuth, id, "approved");
		assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
		JsonNode done = get(agent, id);
		assertThat(done.get("state").asText()).isEqualTo("responded");
		assertThat(done.get("response").get("responded_by").asText()).isEqualTo(lead);
		assertThat(done.get("response").get("decided_by").asText()).isEqualTo("reviewer");
	}

	@Test
	void anEscalatedReviewThatTimesOutAgainRecordsItsFinalDefault() {
		String agent = newAgent();
		String id = create(agent,
				map("title", "Escalate, then decide", "on_timeout", map("action", "escalate", "reviewers",
						reviewers(List.of("leads"), List.of()), "timeout", "PT4H", "decision", "rejected")))
			.get("id")
			.asText();

		fireTimer(id, "BoundaryEvent_ReviewTimedOut");
		assertThat(get(agent, id).get("state").asText()).isEqualTo("pending");
		fireTimer(id, "BoundaryEvent_EscalatedReviewTimedOut");

		JsonNode timedOut = get(agent, id);
		assertThat(timedOut.get("state").asText()).isEqualTo("timed_out");
		assertThat(timedOut.get("response").get("decision").asText()).isEqualTo("rejected");
		assertThat(timedOut.get("response").get("decided_by").asText()).isEqualTo("timeout");
	}

	/**
	 * A designer's edit in Modeler, with no code change: the review asks for one approval
	 * more than the agent did, and the reminder is moved to a fixed 5 minutes. The
	 * service follows.
	 */
	@Test
	void anEditedCopyOfTheModelChangesTheBehaviourWithNoCodeChange() throws Exception {
		BpmnModelInstance model = Bpmn.readModelFromFile(new java.io.File("processes/consultation.bpmn"));
		model.<Process>getModelElementById("consultation").setId("consultationEdited");
		model.<UserTask>getModelElementById("Task_ReviewConsultation")
			.getUniqueChildElementByType(MultiInstanceLoopCharacteristics.class)
			.getUniqueChildElementByType(LoopCardinality.class)
			.setTextContent("${approvalsRequired + 1}");
		model.<IntermediateCatchEvent>getModelElementById("TimerEvent_ReminderDue")
			.getUniqueChildElementByType(TimerEventDefinition.class)
			.getUniqueChildElementByType(TimeDuration.class)
			.setTextContent("PT5M");
		this.repository.createDeployment()
			.addModelInstance("consultationEdited.bpmn", model)
			.enableDuplicateFiltering(true)
			.deploy();
		String group = uniqueId("team");
		String firstAuth = newReviewer(uniqueId("rev"), group);
		String secondAuth = newReviewer(uniqueId("rev"), group);
		String agent = newAgent();
		JsonNode created = create(agent, map("title", "Edited", "process", "consultationEdited", "reminders",
				List.of("PT1H"), "reviewers", reviewers(List.of(group), List.of())));
		String id = created.get("id").asText();
		String processInstanceId = this.runtime.createProcessInstanceQuery()
			.processInstanceBusinessKey(id)
			.singleResult()
			.getId();
		Job reminder = this.management.createJobQuery()
			.processInstanceId(processInstanceId)
			.activityId("TimerEvent_ReminderDue")
			.singleResult();
		assertThat(reminder.getDuedate().toInstant())
			.isBefore(java.time.Instant.parse(created.get("created_at").asText()).plus(Duration.ofMinutes(6)));

		assertThat(respond(firstAuth, id, "approved").status()).isEqualTo(200);
		assertThat(get(agent, id).get("state").asText()).as("the model asks for a second approval")
			.isEqualTo("pending");
		assertThat(respond(secondAuth, id, "approved").status()).isEqualTo(200);

		assertThat(get(agent, id).get("state").asText()).isEqualTo("responded");
		assertThat(get(agent, id).get("response").get("approvals")).hasSize(2);
	}

	private Result respond(String reviewer, String id, String decision) {
		return api().post("/api/v1/consultations/" + id + "/respond", reviewer, map("decision", decision));
	}

	/** Runs the process's timer job now, as the job executor does once it is due. */
	private void fireTimer(String consultationId, String activityId) {
		String processInstanceId = this.runtime.createProcessInstanceQuery()
			.processInstanceBusinessKey(consultationId)
			.singleResult()
			.getId();
		Job timer = this.management.createJobQuery()
			.processInstanceId(processInstanceId)
			.activityId(activityId)
			.singleResult();
		assertThat(timer).as("timer %s", activityId).isNotNull();
		this.management.executeJob(timer.getId());
	}

	private void assertRefused(String agent, Map<String, Object> policy, Map<String, Object> base, String field) {
		Map<String, Object> body = new java.util.HashMap<>(map("title", "Policies"));
		body.putAll(base);
		body.putAll(policy);
		Result refused = api().post("/api/v1/consultations", agent, body);
		assertThat(refused.status()).as("%s -> %s", body, refused).isEqualTo(400);
		assertThat(refused.response().headers().firstValue("Content-Type").orElse(""))
			.contains("application/problem+json");
		assertThat(refused.json().get("errors")).as("%s -> %s", body, refused)
			.extracting((error) -> error.get("field").asText())
			.contains(field);
	}

}
