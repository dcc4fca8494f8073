package dev.hitl.consultation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import static dev.hitl.system.MetricSupport.afterCommit;
import static dev.hitl.system.MetricSupport.tag;

/**
 * Consultations requested, answered, timed out and cancelled, and the time to answer;
 * each counts when the transaction that made it commits.
 */
@Component
class ConsultationMetrics {

	/**
	 * Counter, tags {@code process}, {@code priority}: consultations created. Not
	 * "created": OpenMetrics reserves the {@code _created} suffix.
	 */
	static final String REQUESTED = "hitl.consultations.requested";

	/**
	 * Counter, tags {@code process}, {@code priority}, {@code channel}, {@code decision}.
	 */
	static final String ANSWERED = "hitl.consultations.answered";

	/** Counter, tags {@code process}, {@code priority}. */
	static final String TIMED_OUT = "hitl.consultations.timed.out";

	/** Counter, tags {@code process}, {@code priority}. */
	static final String CANCELLED = "hitl.consultations.cancelled";

	/** Gauge, tag {@code priority}: consultations still pending, across all nodes. */
	static final String OPEN = "hitl.consultations.open";

	/** Histogram (timer), tag {@code priority}: from creation to the answer. */
	static final String TIME_TO_ANSWER = "hitl.consultations.time.to.answer";

	private static final Duration[] ANSWER_BUCKETS = { Duration.ofMinutes(1), Duration.ofMinutes(5),
			Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
			Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(24), Duration.ofDays(3), Duration.ofDays(7),
			Duration.ofDays(30) };

	private final MeterRegistry registry;

	private final Clock clock;

	ConsultationMetrics(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	void created(String process, String priority) {
		count(REQUESTED, process, priority);
	}

	/**
	 * @param decision {@code approved}, {@code rejected}, or null for choice and text
	 * answers
	 */
	void answered(String process, String priority, String channel, String decision, Instant createdAt) {
		Duration timeToAnswer = Duration.between(createdAt, this.clock.instant());
		afterCommit(() -> {
			this.registry
				.counter(ANSWERED, "process", tag(process), "priority", tag(priority), "channel", tag(channel),
						"decision", tag(decision))
				.increment();
			Timer.builder(TIME_TO_ANSWER)
				.description("Time from a consultation's creation to its answer")
				.tag("priority", tag(priority))
				.serviceLevelObjectives(ANSWER_BUCKETS)
				.register(this.registry)
				.record(timeToAnswer.isNegative() ? Duration.ZERO : timeToAnswer);
		});
	}

	void timedOut(String process, String priority) {
		count(TIMED_OUT, process, priority);
	}

	void cancelled(String process, String priority) {
		count(CANCELLED, process, priority);
	}

	private void count(String name, String process, String priority) {
		String processTag = tag(process);
		String priorityTag = tag(priority);
		afterCommit(() -> this.registry.counter(name, "process", processTag, "priority", priorityTag).increment());
	}

}
