package dev.hitl.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.engine.platform7.ProcessCoverageConfigurator;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.camunda.spin.plugin.impl.SpinProcessEnginePlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTask;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

/**
 * Drives every path of {@code processes/consultation.bpmn} on a plain in-memory engine,
 * playing the reviewers and the external task workers, and keeps the process fully
 * covered.
 */
@Deployment(resources = { "processes/consultation.bpmn", "forms/review.form" })
class ConsultationProcessTests {

	@RegisterExtension
	static final ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension.builder(engineConfiguration())
		.assertClassCoverageAtLeast(1.0)
		.build();

	private static final Instant START = Instant.parse("2030-01-15T09:00:00Z");

	private static final String TIMEOUT = "PT1H";

	private static final String WORKER = "consultation-process-tests";

	private static final long LOCK_DURATION = Duration.ofMinutes(5).toMillis();

	private String consultationId;

	private static ProcessEngineConfiguration engineConfiguration() {
		StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
		configuration.setProcessEngineName("consultation-process-tests");
		configuration.setJdbcUrl("jdbc:h2:mem:consultation-process-tests-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		configuration.setHistory(ProcessEngineConfiguration.HISTORY_AUDIT);
		configuration.setJobExecutorActivate(false);
		configuration.setDbMetricsReporterActivate(false);
		configuration.setDefaultSerializationFormat(Variables.SerializationDataFormats.JSON.getName());
		configuration.getProcessEnginePlugins().add(new SpinProcessEnginePlugin());
		ProcessCoverageConfigurator.initializeProcessCoverageExtensions(configuration);
		return configuration;
	}

	@BeforeEach
	void setUp() {
		BpmnAwareTests.init(engine.getProcessEngine());
		ClockUtil.setCurrentTime(Date.from(START));
		this.consultationId = UUID.randomUUID().toString();
	}

	@AfterEach
	void tearDown() {
		ClockUtil.reset();
		BpmnAwareTests.reset();
	}

	@Test
	void newConsultationNotifiesReviewers() {
		ProcessInstance consultation = start("normal");

		assertThat(consultation).isStarted()
			.hasBusinessKey(this.consultationId)
			.isWaitingAtExactly("Task_NotifyReviewers", "Task_MessageReviewersOnSlack", "SubProcess_Review",
					"Task_ReviewConsultation#multiInstanceBody", "Task_ReviewConsultation");
		completeExternalTask(consultation, "Task_NotifyReviewers", ProcessVariables.TOPIC_SEND_EMAIL,
				ProcessVariables.TEMPLATE, "consultation-requested");
		// The branch ends asynchronously, so a slow email never collides with the review.
		assertThat(consultation).isWaitingAt("EndEvent_ReviewersNotified");
		execute(job("EndEvent_ReviewersNotified", consultation));

		// Slack has a branch of its own: email never waits for it.
		messageReviewers(consultation);
		assertThat(consultation).hasPassed("EndEvent_ReviewersNotified", "EndEvent_ReviewersMessaged")
			.isWaitingAtExactly("SubProcess_Review", "Task_ReviewConsultation#multiInstanceBody",
					"Task_ReviewConsultation")
			.isNotEnded();
	}

	@Test
	void withoutSlackTheSlackBranchEndsAtOnceAndNoTaskWaitsForAWorker() {
		ProcessInstance consultation = start(this.consultationId, "normal", ProcessPolicy.EXPIRE, false);

		assertThat(consultation).hasPassed("Gateway_SlackConfigured", "EndEvent_NoSlack")
			.isWaitingAtExactly("Task_NotifyReviewers", "SubProcess_Review",
					"Task_ReviewConsultation#multiInstanceBody", "Task_ReviewConsultation");
		assertThat(engine.getExternalTaskService()
			.createExternalTaskQuery()
			.processInstanceId(consultation.getId())
			.topicName(ProcessVariables.TOPIC_SEND_SLACK)
			.count()).isZero();
	}

	@Test
	void answeredReviewDeliversResponseAndConfirmsAnswer() {
		ProcessInstance consultation = start("high");
		completeExternalTask(consultation, "Task_NotifyReviewers", ProcessVariables.TOPIC_SEND_EMAIL,
				ProcessVariables.TEMPLATE, "consultation-requested");
		execute(job("EndEvent_ReviewersNotified", consultation));
		messageReviewers(consultation);

		Task review = task("Task_ReviewConsultation", consultation);
		assertThat(review).hasCandidateGroup("reviewers").hasCandidateUser("rita").isNotAssigned();
		assertThat(review.getPriority()).isEqualTo(75);
		complete(review, withVariables(ProcessVariables.DECISION, "approved", ProcessVariables.COMMENT, "Go ahead"));

		assertThat(consultation).hasPassed("Gateway_AnswerReceived")
			.isWaitingAtExactly("Task_DeliverResponse", "Task_ConfirmAnswer")
			.variables()
			.containsEntry(ProcessVariables.DECISION, "approved");
		assertThat(engine.getManagementService().createJobQuery().processInstanceId(consultation.getId()).count())
			.as("the review timer is gone once the review is answered")
			.isZero();
		completeExternalTask(consultation, "Task_DeliverResponse", ProcessVariables.TOPIC_DELIVER_WEBHOOK,
				ProcessVariables.EVENT_TYPE, "consultation.responded");
		execute(job("Gateway_AnswerHandled", consultation));
		assertThat(consultation).isWaitingAt("Task_ConfirmAnswer").isNotWaitingAt("Task_DeliverResponse");
		completeExternalTask(consultation, "Task_ConfirmAnswer", ProcessVariables.TOPIC_SEND_EMAIL,
				ProcessVariables.TEMPLATE, "consultation-answered");
		execute(job("Gateway_AnswerHandled", consultation));

		assertThat(consultation)
			.hasPassed("Task_ReviewConsultation", "EndEvent_ReviewAnswered", "EndEvent_RemindersSent",
					"Task_DeliverResponse", "Task_ConfirmAnswer", "Gateway_AnswerHandled",
					"EndEvent_ConsultationAnswered", "EndEvent_ReviewersNotified")
			.hasNotPassed("BoundaryEvent_ReviewTimedOut", "BoundaryEvent_ConsultationCancelled")
			.isEnded();
	}

	@Test
	void reviewTaskPriorityFollowsConsultationPriority() {
		Map<String, Integer> expected = new LinkedHashMap<>();
		expected.put("urgent", 100);
		expected.put("high", 75);
		expected.put("normal", 50);
		expected.put("low", 25);
		expected.forEach((priority, taskPriority) -> {
			this.consultationId = UUID.randomUUID().toString();
			ProcessInstance consultation = start(priority);
			assertThat(task("Task_ReviewConsultation", consultation).getPriority()).as(priority)
				.isEqualTo(taskPriority);
		});
	}

	@Test
	void reviewTimerIsDueAfterTheConsultationTimeout() {
		ProcessInstance consultation = start("normal");

		assertThat(job("BoundaryEvent_ReviewTimedOut", consultation))
			.hasDueDate(Date.from(START.plus(Duration.parse(TIMEOUT))));
	}

	@Test
	void timeoutDeliversTimedOutWebhookAndAlertsReviewers() {
		ProcessInstance consultation = start("normal");
		completeExternalTask(consultation, "Task_NotifyReviewers", ProcessVariables.TOPIC_SEND_EMAIL,
				ProcessVariables.TEMPLATE, "consultation-requested");
		execute(job("EndEvent_ReviewersNotified", consultation));
		messageReviewers(consultation);

		ClockUtil.setCurrentTime(Date.from(START.plus(Duration.parse(TIMEOUT))));
		execute(job("BoundaryEvent_ReviewTimedOut", consultation));

		assertThat(consultation)
			.hasPassed("BoundaryEvent_ReviewTimedOut", "Gateway_OnTimeout", "ThrowEvent_ConsultationExpired",
					"Gateway_TimeoutReached")
			.hasNotPassed("ThrowEvent_DefaultDecisionRecorded", "ThrowEvent_ReviewEscalated")
			.isWaitingAtExactly("Task_DeliverTimeout", "Task_AlertTimeout");
		assertThat(defaultDecision(consultation)).as("an expired consultation records no decision").isEmpty();
		assertThat(engine.getTaskService().createTaskQuery().processInstanceId(consultation.getId()).count())
			.as("the review task is withdrawn on timeout")
			.isZero();
		completeExternalTask(consultation, "Task_DeliverTimeout", ProcessVariables.TOPIC_DELIVER_WEBHOOK,
				ProcessVariables.EVENT_TYPE, "consultation.timed_out");
		execute(job("Gateway_TimeoutHandled", consultation));
		assertThat(consultation).isWaitingAt("Task_AlertTimeout").isNotWaitingAt("Task_DeliverTimeout");
		completeExternalTask(consultation, "Task_AlertTimeout", ProcessVariables.TOPIC_SEND_EMAIL,
				ProcessVariables.TEMPLATE, "consultation-timed-out");
		execute(job("Gateway_TimeoutHandled", consultation));

		assertThat(consultation)
			.hasPassed("Task_DeliverTimeout", "Task_AlertTimeout", "Gateway_TimeoutHandled",
					"EndEvent_ConsultationTimedOut")
			.hasNotPassed("Gateway_AnswerReceived", "BoundaryEvent_ConsultationCancelled")
			.isEnded();
	}

	@Test
	void cancellationDeliversCancelledWebhook() {
		ProcessInstance consultation = start("normal");
		completeExternalTask(consultation, "Task_NotifyReviewers", ProcessVariables.TOPIC_SEND_EMAIL,
				ProcessVariables.TEMPLATE, "consultation-requested");
		execute(job("EndEvent_ReviewersNotified", consultation));
		messageReviewers(consultation);

		engine.getRuntimeService()
			.createMessageCorrelation(ProcessVariables.MESSAGE_CANCELLED)
			.processInstanceId(consultation.getId())
			.correlateWithResult();

		assertThat(consultation).hasPassed("BoundaryEvent_ConsultationCancelled")
			.isWaitingAtExactly("Task_DeliverCancellation");
		assertThat(engine.getManagementService().createJobQuery().processInstanceId(consultation.getId()).count())
			.as("the review timer is gone once the consultation is cancelled")
			.isZero();
		completeExternalTask(consultation, "Task_DeliverCancellation", ProcessVariables.TOPIC_DELIVER_WEBHOOK,
				ProcessVariables.EVENT_TYPE, "consultation.cancelled");

		assertThat(consultation).hasPassed("EndEvent_ConsultationCancelled")
			.hasNotPassed("Gateway_AnswerReceived", "BoundaryEvent_ReviewTimedOut")
			.isEnded();
	}

	private ProcessInstance start(String priority) {
		return start(priority, ProcessPolicy.EXPIRE);
	}

	@Test
	void timeoutWithDefaultDecisionRecordsItAsTheTimeoutsAndDeliversTimedOut() {
		ProcessInstance consultation = start("normal",
				new ProcessPolicy("decide", "rejected", null, List.of(), List.of(), null, List.of(), 1));
		notifyReviewers(consultation);

		ClockUtil.setCurrentTime(Date.from(START.plus(Duration.parse(TIMEOUT))));
		execute(job("BoundaryEvent_ReviewTimedOut", consultation));

		assertThat(consultation).hasPassed("Gateway_OnTimeout", "ThrowEvent_DefaultDecisionRecorded")
			.hasNotPassed("ThrowEvent_ConsultationExpired", "ThrowEvent_ReviewEscalated")
			.isWaitingAtExactly("Task_DeliverTimeout", "Task_AlertTimeout");
		assertThat(defaultDecision(consultation)).containsEntry(ProcessVariables.DECISION, "rejected");
		finishTimeout(consultation);
	}

	@Test
	void timeoutThatEscalatesOpensASecondStageForTheAddedReviewersAndTellsThem() {
		ProcessInstance consultation = start("normal", escalate(null, 1));
		notifyReviewers(consultation);

		ClockUtil.setCurrentTime(Date.from(START.plus(Duration.parse(TIMEOUT))));
		execute(job("BoundaryEvent_ReviewTimedOut", consultation));

		assertThat(consultation).hasPassed("Gateway_OnTimeout", "ThrowEvent_ReviewEscalated")
			.hasNotPassed("ThrowEvent_ConsultationExpired", "ThrowEvent_DefaultDecisionRecorded")
			.isWaitingAtExactly("Task_ReviewEscalatedConsultation#multiInstanceBody",
					"Task_ReviewEscalatedConsultation", "Task_DeliverEscalation", "Task_NotifyEscalation");
		Task review = task("Task_ReviewEscalatedConsultation", consultation);
		assertThat(review).hasCandidateGroup("reviewers")
			.hasCandidateGroup("leads")
			.hasCandidateUser("rita")
			.hasCandidateUser("lena");
		assertThat(job("BoundaryEvent_EscalatedReviewTimedOut", consultation))
			.hasDueDate(Date.from(START.plus(Duration.parse(TIMEOUT)).plus(Duration.ofHours(4))));
		completeExternalTask(consultation, "Task_DeliverEscalation", ProcessVariables.TOPIC_DELIVER_WEBHOOK,
				ProcessVariables.EVENT_TYPE, "consultation.escalated");
		execute(job("EndEvent_EscalationDelivered", consultation));
		completeExternalTask(consultation, "Task_NotifyEscalation", ProcessVariables.TOPIC_SEND_EMAIL,
				ProcessVariables.TEMPLATE, "consultation-escalated");
		execute(job("EndEvent_EscalationNotified", consultation));

		complete(review, withVariables(ProcessVariables.DECISION, "approved"));

		assertThat(consultation).hasPassed("Gateway_ReviewAnswered", "Gateway_AnswerReceived")
			.isWaitingAtExactly("Task_DeliverResponse", "Task_ConfirmAnswer");
		finishAnswer(consultation);
	}

	@Test
	void escalatedReviewThatTimesOutRecordsTheFinalDefault() {
		ProcessInstance consultation = start("normal", escalate("rejected", 1));
		escalateAndTimeOutAgain(consultation);

		assertThat(consultation).hasPassed("Gateway_DefaultAfterEscalation", "ThrowEvent_DefaultDecisionRecorded")
			.hasNotPassed("ThrowEvent_ConsultationExpired")
			.isWaitingAtExactly("Task_DeliverTimeout", "Task_AlertTimeout");
		assertThat(defaultDecision(consultation)).containsEntry(ProcessVariables.DECISION, "rejected");
		finishTimeout(consultation);
	}

	@Test
	void escalatedReviewThatTimesOutWithoutDefaultExpires() {
		ProcessInstance consultation = start("normal", escalate(null, 1));
		escalateAndTimeOutAgain(consultation);

		assertThat(consultation).hasPassed("Gateway_DefaultAfterEscalation", "ThrowEvent_ConsultationExpired")
			.hasNotPassed("ThrowEvent_DefaultDecisionRecorded")
			.isWaitingAtExactly("Task_DeliverTimeout", "Task_AlertTimeout");
		finishTimeout(consultation);
	}

	@Test
	void cancellingAnEscalatedReviewDeliversCancelledWebhook() {
		ProcessInstance consultation = start("normal", escalate(null, 1));
		notifyReviewers(consultation);
		ClockUtil.setCurrentTime(Date.from(START.plus(Duration.parse(TIMEOUT))));
		execute(job("BoundaryEvent_ReviewTimedOut", consultation));

		engine.getRuntimeService()
			.createMessageCorrelation(ProcessVariables.MESSAGE_CANCELLED)
			.processInstanceId(consultation.getId())
			.correlateWithResult();

		assertThat(consultation).hasPassed("BoundaryEvent_EscalatedReviewCancelled")
			.isWaitingAt("Task_DeliverCancellation")
			.isNotWaitingAt("Task_ReviewEscalatedConsultation");
	}

	@Test
	void twoApprovalsRequiredTakeTwoReviewsOneAfterTheOther() {
		ProcessInstance consultation = start("normal", approvals(2));
		notifyReviewers(consultation);

		complete(task("Task_ReviewConsultation", consultation), withVariables(ProcessVariables.DECISION, "approved"));

		assertThat(consultation).isWaitingAt("Task_ReviewConsultation")
			.isNotWaitingAt("Task_DeliverResponse")
			.variables()
			.containsEntry(ProcessVariables.APPROVAL_COUNT, 1L);
		complete(task("Task_ReviewConsultation", consultation), withVariables(ProcessVariables.DECISION, "approved"));

		assertThat(consultation).hasPassed("EndEvent_ReviewAnswered")
			.isWaitingAtExactly("Task_DeliverResponse", "Task_ConfirmAnswer")
			.variables()
			.containsEntry(ProcessVariables.APPROVAL_COUNT, 2L)
			.containsEntry(ProcessVariables.DECISION, "approved");
	}

	@Test
	void firstRejectionEndsAReviewThatNeedsSeveralApprovals() {
		ProcessInstance consultation = start("normal", approvals(3));
		notifyReviewers(consultation);

		complete(task("Task_ReviewConsultation", consultation), withVariables(ProcessVariables.DECISION, "approved"));
		complete(task("Task_ReviewConsultation", consultation), withVariables(ProcessVariables.DECISION, "rejected"));

		assertThat(consultation).hasPassed("EndEvent_ReviewAnswered")
			.isWaitingAtExactly("Task_DeliverResponse", "Task_ConfirmAnswer")
			.variables()
			.containsEntry(ProcessVariables.DECISION, "rejected");
	}

	@Test
	void escalatedStageAsksOnlyForTheApprovalsStillMissing() {
		ProcessInstance consultation = start("normal", escalate(null, 3));
		notifyReviewers(consultation);
		complete(task("Task_ReviewConsultation", consultation), withVariables(ProcessVariables.DECISION, "approved"));

		ClockUtil.setCurrentTime(Date.from(START.plus(Duration.parse(TIMEOUT))));
		execute(job("BoundaryEvent_ReviewTimedOut", consultation));
		complete(task("Task_ReviewEscalatedConsultation", consultation),
				withVariables(ProcessVariables.DECISION, "approved"));
		assertThat(consultation).isWaitingAt("Task_ReviewEscalatedConsultation");
		complete(task("Task_ReviewEscalatedConsultation", consultation),
				withVariables(ProcessVariables.DECISION, "approved"));

		assertThat(consultation).isWaitingAt("Task_DeliverResponse")
			.variables()
			.containsEntry(ProcessVariables.APPROVAL_COUNT, 3L);
	}

	@Test
	void remindersGoOutWhilePendingAndNotAfterTheAnswer() {
		ProcessInstance consultation = start("normal",
				new ProcessPolicy("expire", null, null, List.of(), List.of(), null, List.of("PT10M", "PT20M"), 1));
		notifyReviewers(consultation);
		List<Job> reminders = engine.getManagementService()
			.createJobQuery()
			.processInstanceId(consultation.getId())
			.activityId("TimerEvent_ReminderDue")
			.orderByJobDuedate()
			.asc()
			.list();
		assertThat(reminders).extracting(Job::getDuedate)
			.containsExactly(Date.from(START.plus(Duration.ofMinutes(10))),
					Date.from(START.plus(Duration.ofMinutes(20))));

		ClockUtil.setCurrentTime(Date.from(START.plus(Duration.ofMinutes(10))));
		execute(reminders.get(0));
		completeExternalTask(consultation, "Task_RemindReviewers", ProcessVariables.TOPIC_SEND_EMAIL,
				ProcessVariables.TEMPLATE, "consultation-reminder");
		assertThat(consultation).hasPassed("EndEvent_ReviewersReminded").isWaitingAt("TimerEvent_ReminderDue");

		complete(task("Task_ReviewConsultation", consultation), withVariables(ProcessVariables.DECISION, "approved"));

		assertThat(consultation).hasPassed("EndEvent_ReviewAnswered").hasNotPassed("EndEvent_RemindersSent");
		assertThat(engine.getManagementService().createJobQuery().processInstanceId(consultation.getId()).count())
			.as("no reminder is left once the review is answered")
			.isZero();
	}

	private ProcessPolicy approvals(int required) {
		return new ProcessPolicy("expire", null, null, List.of(), List.of(), null, List.of(), required);
	}

	private ProcessPolicy escalate(String finalDecision, int approvalsRequired) {
		return new ProcessPolicy("escalate", finalDecision, null, List.of("leads"), List.of("lena"), "PT4H", List.of(),
				approvalsRequired);
	}

	private void escalateAndTimeOutAgain(ProcessInstance consultation) {
		notifyReviewers(consultation);
		ClockUtil.setCurrentTime(Date.from(START.plus(Duration.parse(TIMEOUT))));
		execute(job("BoundaryEvent_ReviewTimedOut", consultation));
		completeExternalTask(consultation, "Task_DeliverEscalation", ProcessVariables.TOPIC_DELIVER_WEBHOOK,
				ProcessVariables.EVENT_TYPE, "consultation.escalated");
		completeExternalTask(consultation, "Task_NotifyEscalation", ProcessVariables.TOPIC_SEND_EMAIL,
				ProcessVariables.TEMPLATE, "consultation-escalated");
		executeJobs(consultation, "EndEvent_EscalationDelivered");
		executeJobs(consultation, "EndEvent_EscalationNotified");
		ClockUtil.setCurrentTime(Date.from(START.plus(Duration.parse(TIMEOUT)).plus(Duration.ofHours(4))));
		execute(job("BoundaryEvent_EscalatedReviewTimedOut", consultation));
		assertThat(consultation).hasPassed("BoundaryEvent_EscalatedReviewTimedOut")
			.isNotWaitingAt("Task_ReviewEscalatedConsultation");
	}

	private void notifyReviewers(ProcessInstance consultation) {
		completeExternalTask(consultation, "Task_NotifyReviewers", ProcessVariables.TOPIC_SEND_EMAIL,
				ProcessVariables.TEMPLATE, "consultation-requested");
		execute(job("EndEvent_ReviewersNotified", consultation));
		messageReviewers(consultation);
	}

	private void messageReviewers(ProcessInstance consultation) {
		ExternalTask waiting = externalTask("Task_MessageReviewersOnSlack", consultation);
		assertThat(waiting).hasTopicName(ProcessVariables.TOPIC_SEND_SLACK);
		assertThat(engine.getRuntimeService().getVariablesLocal(waiting.getExecutionId()))
			.containsOnly(entry(ProcessVariables.CONSULTATION_ID, this.consultationId));
		List<LockedExternalTask> locked = engine.getExternalTaskService()
			.fetchAndLock(10, WORKER)
			.topic(ProcessVariables.TOPIC_SEND_SLACK, LOCK_DURATION)
			.businessKey(this.consultationId)
			.execute();
		assertThat(locked).hasSize(1);
		engine.getExternalTaskService().complete(locked.get(0).getId(), WORKER);
		execute(job("EndEvent_ReviewersMessaged", consultation));
	}

	private void finishTimeout(ProcessInstance consultation) {
		completeExternalTask(consultation, "Task_DeliverTimeout", ProcessVariables.TOPIC_DELIVER_WEBHOOK,
				ProcessVariables.EVENT_TYPE, "consultation.timed_out");
		completeExternalTask(consultation, "Task_AlertTimeout", ProcessVariables.TOPIC_SEND_EMAIL,
				ProcessVariables.TEMPLATE, "consultation-timed-out");
		executeJobs(consultation, "Gateway_TimeoutHandled");
		assertThat(consultation).hasPassed("EndEvent_ConsultationTimedOut").isEnded();
	}

	private void finishAnswer(ProcessInstance consultation) {
		completeExternalTask(consultation, "Task_DeliverResponse", ProcessVariables.TOPIC_DELIVER_WEBHOOK,
				ProcessVariables.EVENT_TYPE, "consultation.responded");
		completeExternalTask(consultation, "Task_ConfirmAnswer", ProcessVariables.TOPIC_SEND_EMAIL,
				ProcessVariables.TEMPLATE, "consultation-answered");
		executeJobs(consultation, "Gateway_AnswerHandled");
		assertThat(consultation).hasPassed("EndEvent_ConsultationAnswered").isEnded();
	}

	private static void executeJobs(ProcessInstance consultation, String activityId) {
		engine.getManagementService()
			.createJobQuery()
			.processInstanceId(consultation.getId())
			.activityId(activityId)
			.list()
			.forEach(BpmnAwareTests::execute);
	}

	/** The decision and choice the timeout's throw event set on itself (its inputs). */
	private static Map<String, Object> defaultDecision(ProcessInstance consultation) {
		Map<String, Object> found = new LinkedHashMap<>();
		engine.getHistoryService()
			.createHistoricActivityInstanceQuery()
			.processInstanceId(consultation.getId())
			.activityId("ThrowEvent_DefaultDecisionRecorded")
			.list()
			.forEach((event) -> engine.getHistoryService()
				.createHistoricVariableInstanceQuery()
				.activityInstanceIdIn(event.getId())
				.list()
				.stream()
				.filter((variable) -> variable.getValue() != null)
				.forEach((variable) -> found.put(variable.getName(), variable.getValue())));
		return found;
	}

	/**
	 * Starts the process as {@link ConsultationWorkflow#start} does on a node with Slack.
	 */
	static ProcessInstance start(String consultationId, String priority, ProcessPolicy policy) {
		return start(consultationId, priority, policy, true);
	}

	static ProcessInstance start(String consultationId, String priority, ProcessPolicy policy, boolean slack) {
		VariableMap variables = policy.variables().putValue(ProcessVariables.SLACK, slack);
		return engine.getRuntimeService()
			.startProcessInstanceByKey(ProcessVariables.DEFAULT_PROCESS, consultationId,
					variables.putValue(ProcessVariables.CONSULTATION_ID, consultationId)
						.putValue(ProcessVariables.TIMEOUT, TIMEOUT)
						.putValue(ProcessVariables.REVIEWER_GROUPS, List.of("reviewers"))
						.putValue(ProcessVariables.REVIEWER_USERS, List.of("rita"))
						.putValue(ProcessVariables.PRIORITY, priority));
	}

	private ProcessInstance start(String priority, ProcessPolicy policy) {
		return start(this.consultationId, priority, policy);
	}

	/**
	 * Checks the external task waiting at the activity and its input parameters, then
	 * works it as a worker of the topic would.
	 */
	private void completeExternalTask(ProcessInstance consultation, String activityId, String topic, String inputName,
			String inputValue) {
		ExternalTask waiting = externalTask(activityId, consultation);
		assertThat(waiting).hasTopicName(topic);
		assertThat(engine.getRuntimeService().getVariablesLocal(waiting.getExecutionId())).as(activityId)
			.containsOnly(entry(ProcessVariables.CONSULTATION_ID, this.consultationId), entry(inputName, inputValue));

		ExternalTaskService externalTasks = engine.getExternalTaskService();
		List<LockedExternalTask> locked = externalTasks.fetchAndLock(10, WORKER)
			.topic(topic, LOCK_DURATION)
			.businessKey(this.consultationId)
			.variables(ProcessVariables.CONSULTATION_ID, inputName)
			.execute();
		LockedExternalTask work = null;
		for (LockedExternalTask task : locked) {
			if (task.getId().equals(waiting.getId())) {
				work = task;
			}
			else {
				externalTasks.unlock(task.getId());
			}
		}
		assertThat(work).as("locked %s", activityId).isNotNull();
		assertThat(work.getVariables()).as(activityId)
			.containsOnly(entry(ProcessVariables.CONSULTATION_ID, this.consultationId), entry(inputName, inputValue));
		externalTasks.complete(work.getId(), WORKER);
	}

}
