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
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
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
			.isWaitingAtExactly("Task_NotifyReviewers", "Task_ReviewConsultation");
		completeExternalTask(consultation, "Task_NotifyReviewers", ProcessVariables.TOPIC_SEND_EMAIL,
				ProcessVariables.TEMPLATE, "consultation-requested");
		// The branch ends asynchronously, so a slow email never collides with the review.
		assertThat(consultation).isWaitingAt("EndEvent_ReviewersNotified");
		execute(job("EndEvent_ReviewersNotified", consultation));

		assertThat(consultation).hasPassed("EndEvent_ReviewersNotified")
			.isWaitingAtExactly("Task_ReviewConsultation")
			.isNotEnded();
	}

	@Test
	void answeredReviewDeliversResponseAndConfirmsAnswer() {
		ProcessInstance consultation = start("high");
		completeExternalTask(consultation, "Task_NotifyReviewers", ProcessVariables.TOPIC_SEND_EMAIL,
				ProcessVariables.TEMPLATE, "consultation-requested");
		execute(job("EndEvent_ReviewersNotified", consultation));

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
			.hasPassed("Task_ReviewConsultation", "Task_DeliverResponse", "Task_ConfirmAnswer", "Gateway_AnswerHandled",
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

		ClockUtil.setCurrentTime(Date.from(START.plus(Duration.parse(TIMEOUT))));
		execute(job("BoundaryEvent_ReviewTimedOut", consultation));

		assertThat(consultation).hasPassed("BoundaryEvent_ReviewTimedOut", "Gateway_TimeoutReached")
			.isWaitingAtExactly("Task_DeliverTimeout", "Task_AlertTimeout");
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

	/** Starts the process as {@link ConsultationWorkflow#start} does. */
	private ProcessInstance start(String priority) {
		return engine.getRuntimeService()
			.startProcessInstanceByKey(ProcessVariables.DEFAULT_PROCESS, this.consultationId,
					Variables.createVariables()
						.putValue(ProcessVariables.CONSULTATION_ID, this.consultationId)
						.putValue(ProcessVariables.TIMEOUT, TIMEOUT)
						.putValue(ProcessVariables.REVIEWER_GROUPS, List.of("reviewers"))
						.putValue(ProcessVariables.REVIEWER_USERS, List.of("rita"))
						.putValue(ProcessVariables.PRIORITY, priority));
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
