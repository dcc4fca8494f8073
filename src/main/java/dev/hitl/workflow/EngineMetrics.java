package dev.hitl.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.hitl.system.MetricSupport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;

import org.springframework.stereotype.Component;

/**
 * The engine's backlog as gauges: open incidents, jobs due but not yet run (a stuck job
 * executor shows here first, as timers that do not fire) and external tasks waiting for a
 * worker. Read from the shared database, so every node reports the cluster's numbers.
 */
@Component
class EngineMetrics implements MeterBinder {

	/**
	 * Gauge, tag {@code type}: open engine incidents (failed jobs and external tasks).
	 */
	static final String INCIDENTS_OPEN = "hitl.incidents.open";

	/** Gauge: engine jobs (timers, async steps) due now and not yet run. */
	static final String JOBS_DUE = "hitl.engine.jobs.due";

	/** Gauge, tag {@code topic}: external tasks waiting for a worker. */
	static final String EXTERNAL_TASKS_WAITING = "hitl.engine.external.tasks.waiting";

	private static final List<String> INCIDENT_TYPES = List.of(Incident.FAILED_JOB_HANDLER_TYPE,
			Incident.EXTERNAL_TASK_HANDLER_TYPE);

	private static final List<String> TOPICS = List.of(ProcessVariables.TOPIC_DELIVER_WEBHOOK,
			ProcessVariables.TOPIC_SEND_EMAIL);

	private final Supplier<Backlog> backlog;

	EngineMetrics(RuntimeService runtime, ManagementService management, ExternalTaskService externalTasks) {
		this.backlog = MetricSupport.cachedFor(Duration.ofSeconds(10), () -> read(runtime, management, externalTasks));
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String type : INCIDENT_TYPES) {
			Gauge.builder(INCIDENTS_OPEN, () -> this.backlog.get().incidents().get(type))
				.description("Open engine incidents, waiting for an admin")
				.tag("type", type)
				.strongReference(true)
				.register(registry);
		}
		Gauge.builder(JOBS_DUE, () -> this.backlog.get().jobsDue())
			.description("Engine jobs (timers, async continuations) due and not yet run")
			.strongReference(true)
			.register(registry);
		for (String topic : TOPICS) {
			Gauge.builder(EXTERNAL_TASKS_WAITING, () -> this.backlog.get().externalTasks().get(topic))
				.description("External tasks with retries left that no worker holds")
				.tag("topic", topic)
				.strongReference(true)
				.register(registry);
		}
	}

	private static Backlog read(RuntimeService runtime, ManagementService management,
			ExternalTaskService externalTasks) {
		Map<String, Long> incidents = new java.util.HashMap<>();
		for (String type : INCIDENT_TYPES) {
			incidents.put(type, runtime.createIncidentQuery().incidentType(type).count());
		}
		long jobsDue = management.createJobQuery().executable().active().count();
		Map<String, Long> waiting = new java.util.HashMap<>();
		for (String topic : TOPICS) {
			waiting.put(topic,
					externalTasks.createExternalTaskQuery()
						.topicName(topic)
						.notLocked()
						.withRetriesLeft()
						.active()
						.count());
		}
		return new Backlog(incidents, jobsDue, waiting);
	}

	private record Backlog(Map<String, Long> incidents, long jobsDue, Map<String, Long> externalTasks) {
	}

}
