package dev.hitl.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import dev.hitl.PostgresIntegrationTestSupport;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * History stays bounded on PostgreSQL: every finished instance's history gets a removal
 * time of end + time-to-live, and the cleanup job deletes what is due, leaving younger
 * and running instances alone.
 */
class HistoryCleanupIntegrationTests extends PostgresIntegrationTestSupport {

	private static final String PROBE = "historyCleanupProbe";

	@Autowired
	ProcessEngineConfigurationImpl engine;

	@Autowired
	RepositoryService repository;

	@Autowired
	RuntimeService runtime;

	@Autowired
	TaskService tasks;

	@Autowired
	HistoryService history;

	@Test
	void cleanupIsConfiguredWithAWindowAndATimeToLive() {
		assertThat(this.engine.getHistory()).isEqualTo(ProcessEngineConfiguration.HISTORY_AUDIT);
		assertThat(this.engine.getHistoryCleanupStrategy()).isEqualTo("removalTimeBased");
		assertThat(this.engine.getHistoryRemovalTimeStrategy()).isEqualTo("end");
		assertThat(this.engine.getHistoryCleanupBatchWindowStartTime()).isEqualTo("01:00");
		assertThat(this.engine.getHistoryCleanupBatchWindowEndTime()).isEqualTo("05:00");
		assertThat(this.engine.getHistoryTimeToLive()).isEqualTo("P30D");
		assertThat(this.engine.isCmmnEnabled()).isFalse();
		assertThat(this.engine.isStandaloneTasksEnabled()).isFalse();
		assertThat(this.engine.getBatchOperationHistoryTimeToLive()).isEqualTo("P7D");
		assertThat(this.history.findHistoryCleanupJobs()).isNotEmpty();
		assertThat(this.repository.createProcessDefinitionQuery()
			.processDefinitionKey("consultation")
			.latestVersion()
			.singleResult()
			.getHistoryTimeToLive()).isEqualTo(30);
	}

	@Test
	void cleanupRemovesFinishedInstancesOlderThanTheirTimeToLive() throws InterruptedException {
		this.repository.createDeployment()
			.addModelInstance(PROBE + ".bpmn",
					Bpmn.createExecutableProcess(PROBE)
						.camundaHistoryTimeToLive(1)
						.startEvent()
						.userTask("Task_Probe")
						.endEvent()
						.done())
			.deploy();
		String old;
		ClockUtil.setCurrentTime(Date.from(Instant.now().minus(Duration.ofDays(3))));
		try {
			old = runAndFinish();
		}
		finally {
			ClockUtil.reset();
		}
		String recent = runAndFinish();
		String running = this.runtime.startProcessInstanceByKey(PROBE).getId();
		assertThat(this.history.createHistoricProcessInstanceQuery()
			.processInstanceId(old)
			.singleResult()
			.getRemovalTime()).isBefore(new Date());

		Job cleanup = this.history.cleanUpHistoryAsync(true);
		assertThat(cleanup).isNotNull();
		await().atMost(Duration.ofSeconds(30)).until(() -> historyOf(old) == 0);
		assertThat(historyOf(old)).as("history of the instance past its time-to-live").isZero();
		assertThat(this.history.createHistoricActivityInstanceQuery().processInstanceId(old).count()).isZero();
		assertThat(this.history.createHistoricTaskInstanceQuery().processInstanceId(old).count()).isZero();
		assertThat(historyOf(recent)).isEqualTo(1);
		assertThat(historyOf(running)).isEqualTo(1);
	}

	private String runAndFinish() {
		String id = this.runtime.startProcessInstanceByKey(PROBE).getId();
		this.tasks.complete(this.tasks.createTaskQuery().processInstanceId(id).singleResult().getId());
		return id;
	}

	private long historyOf(String processInstanceId) {
		return this.history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).count();
	}

}
