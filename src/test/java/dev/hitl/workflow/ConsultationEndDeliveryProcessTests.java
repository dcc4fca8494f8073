package dev.hitl.workflow;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.engine.platform7.ProcessCoverageConfigurator;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTask;

/**
 * {@code processes/consultationEndDelivery.bpmn} on a plain in-memory engine: started as
 * {@link ConsultationEndDelivery#start} starts it, it delivers the given event with the
 * webhook worker's topic and ends; fully covered.
 */
@Deployment(resources = "processes/consultationEndDelivery.bpmn")
class ConsultationEndDeliveryProcessTests {

	@RegisterExtension
	static final ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension.builder(engineConfiguration())
		.assertClassCoverageAtLeast(1.0)
		.build();

	private static final String WORKER = "end-delivery-process-tests";

	@BeforeEach
	void setUp() {
		BpmnAwareTests.init(engine.getProcessEngine());
	}

	@AfterEach
	void tearDown() {
		BpmnAwareTests.reset();
	}

	@Test
	void deliversTheEventItWasStartedWithAndEnds() {
		String consultationId = UUID.randomUUID().toString();
		ProcessInstance delivery = engine.getRuntimeService()
			.startProcessInstanceByKey(ProcessVariables.END_DELIVERY_PROCESS, consultationId,
					Variables.createVariables()
						.putValue(ProcessVariables.CONSULTATION_ID, consultationId)
						.putValue(ProcessVariables.EVENT_TYPE, "consultation.cancelled"));

		assertThat(delivery).isStarted().hasBusinessKey(consultationId).isWaitingAtExactly("Task_DeliverEnd");
		ExternalTask waiting = externalTask("Task_DeliverEnd", delivery);
		assertThat(waiting).hasTopicName(ProcessVariables.TOPIC_DELIVER_WEBHOOK);
		ExternalTaskService externalTasks = engine.getExternalTaskService();
		List<LockedExternalTask> locked = externalTasks.fetchAndLock(1, WORKER)
			.topic(ProcessVariables.TOPIC_DELIVER_WEBHOOK, Duration.ofMinutes(1).toMillis())
			.variables(ProcessVariables.CONSULTATION_ID, ProcessVariables.EVENT_TYPE)
			.execute();
		assertThat(locked).hasSize(1);
		assertThat(locked.get(0).getVariables()).containsOnly(entry(ProcessVariables.CONSULTATION_ID, consultationId),
				entry(ProcessVariables.EVENT_TYPE, "consultation.cancelled"));
		externalTasks.complete(locked.get(0).getId(), WORKER);

		assertThat(delivery).hasPassed("Task_DeliverEnd", "EndEvent_EndDelivered").isEnded();
	}

	private static ProcessEngineConfiguration engineConfiguration() {
		StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
		configuration.setProcessEngineName("end-delivery-process-tests");
		configuration.setJdbcUrl("jdbc:h2:mem:end-delivery-process-tests-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		configuration.setHistory(ProcessEngineConfiguration.HISTORY_AUDIT);
		configuration.setJobExecutorActivate(false);
		configuration.setDbMetricsReporterActivate(false);
		ProcessCoverageConfigurator.initializeProcessCoverageExtensions(configuration);
		return configuration;
	}

}
