package dev.hitl.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The project's own metrics: every name in one place, recorded by the module where the
 * event happens. Events inside a transaction count when it commits, so a rolled-back
 * answer or a retried engine command never counts twice. Gauges that read the shared
 * database are bound by the module that owns the data, under the names declared here, so
 * every node reports the same cluster-wide value.
 * <p>
 * Counters whose tags have a fixed set of values start at zero on every node, so that a
 * failure rate or an alert on them is defined before the first failure.
 */
@Component
public class HitlMetrics implements MeterBinder {

	/** Gauge: 1 while this node's readiness probe is UP, else 0. */
	public static final String READY = "hitl.ready";

	/**
	 * Counter, tags {@code process}, {@code priority}: consultations created. Not
	 * "created": OpenMetrics reserves the {@code _created} suffix.
	 */
	public static final String CONSULTATIONS_REQUESTED = "hitl.consultations.requested";

	/**
	 * Counter, tags {@code process}, {@code priority}, {@code channel}, {@code decision}.
	 */
	public static final String CONSULTATIONS_ANSWERED = "hitl.consultations.answered";

	/** Counter, tags {@code process}, {@code priority}. */
	public static final String CONSULTATIONS_TIMED_OUT = "hitl.consultations.timed.out";

	/** Counter, tags {@code process}, {@code priority}. */
	public static final String CONSULTATIONS_CANCELLED = "hitl.consultations.cancelled";

	/** Gauge, tag {@code priority}: consultations still pending, across all nodes. */
	public static final String CONSULTATIONS_OPEN = "hitl.consultations.open";

	/** Histogram (timer), tag {@code priority}: from creation to the answer. */
	public static final String TIME_TO_ANSWER = "hitl.consultations.time.to.answer";

	/**
	 * Counter, tag {@code result}: {@code delivered} (2xx), {@code rejected} (any other
	 * HTTP status), {@code unreachable} (network error or timeout), {@code refused} (not
	 * sent: the URL or the key no longer allows it).
	 */
	public static final String WEBHOOK_ATTEMPTS = "hitl.webhook.attempts";

	/** Counter: webhooks whose last retry failed, each leaving an incident. */
	public static final String WEBHOOK_DELIVERIES_FAILED = "hitl.webhook.deliveries.failed";

	/** Histogram (timer): from the consultation's terminal state to the 2xx. */
	public static final String WEBHOOK_DELIVERY_LATENCY = "hitl.webhook.delivery.latency";

	/**
	 * Counter, tag {@code result}: {@code sent}, {@code logged} (no mail host),
	 * {@code failed}.
	 */
	public static final String EMAILS = "hitl.emails";

	/**
	 * Counter: emails whose candidate reviewers were more than the per-email limit, so
	 * some of them were not sent it.
	 */
	public static final String EMAIL_RECIPIENTS_CUT = "hitl.email.recipients.cut";

	/**
	 * Gauge, tag {@code type}: open engine incidents (failed jobs and external tasks).
	 */
	public static final String INCIDENTS_OPEN = "hitl.incidents.open";

	/** Gauge: engine jobs (timers, async steps) due now and not yet run. */
	public static final String JOBS_DUE = "hitl.engine.jobs.due";

	/** Gauge, tag {@code topic}: external tasks waiting for a worker. */
	public static final String EXTERNAL_TASKS_WAITING = "hitl.engine.external.tasks.waiting";

	private static final List<String> WEBHOOK_RESULTS = List.of("delivered", "rejected", "unreachable", "refused");

	private static final List<String> EMAIL_RESULTS = List.of("sent", "logged", "failed");

	private static final Duration[] ANSWER_BUCKETS = { Duration.ofMinutes(1), Duration.ofMinutes(5),
			Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
			Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(24), Duration.ofDays(3), Duration.ofDays(7),
			Duration.ofDays(30) };

	private static final Duration[] DELIVERY_BUCKETS = { Duration.ofSeconds(1), Duration.ofSeconds(5),
			Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
			Duration.ofHours(2), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2) };

	private final MeterRegistry registry;

	private final Clock clock;

	public HitlMetrics(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String result : WEBHOOK_RESULTS) {
			webhookAttempts(registry, result);
		}
		registry.counter(WEBHOOK_DELIVERIES_FAILED);
		for (String result : EMAIL_RESULTS) {
			registry.counter(EMAILS, "result", result);
		}
		registry.counter(EMAIL_RECIPIENTS_CUT);
	}

	public void consultationCreated(String process, String priority) {
		count(CONSULTATIONS_REQUESTED, "process", process, "priority", priority);
	}

	/**
	 * @param decision {@code approved}, {@code rejected}, or null for choice and text
	 * answers
	 */
	public void consultationAnswered(String process, String priority, String channel, String decision,
			Instant createdAt) {
		Duration timeToAnswer = Duration.between(createdAt, this.clock.instant());
		afterCommit(() -> {
			this.registry
				.counter(CONSULTATIONS_ANSWERED, "process", tag(process), "priority", tag(priority), "channel",
						tag(channel), "decision", tag(decision))
				.increment();
			Timer.builder(TIME_TO_ANSWER)
				.description("Time from a consultation's creation to its answer")
				.tag("priority", tag(priority))
				.serviceLevelObjectives(ANSWER_BUCKETS)
				.register(this.registry)
				.record(timeToAnswer.isNegative() ? Duration.ZERO : timeToAnswer);
		});
	}

	public void consultationTimedOut(String process, String priority) {
		count(CONSULTATIONS_TIMED_OUT, "process", process, "priority", priority);
	}

	public void consultationCancelled(String process, String priority) {
		count(CONSULTATIONS_CANCELLED, "process", process, "priority", priority);
	}

	/**
	 * One webhook attempt.
	 * @param result {@code delivered}, {@code rejected}, {@code unreachable} or
	 * {@code refused}
	 * @param eventAt when the consultation reached the state the webhook reports; used
	 * for the delivery latency of a delivered webhook
	 */
	public void webhookAttempt(String result, Instant eventAt) {
		webhookAttempts(this.registry, tag(result)).increment();
		if ("delivered".equals(result) && eventAt != null) {
			Duration latency = Duration.between(eventAt, this.clock.instant());
			Timer.builder(WEBHOOK_DELIVERY_LATENCY)
				.description("Time from a consultation's terminal state to the agent's 2xx")
				.serviceLevelObjectives(DELIVERY_BUCKETS)
				.register(this.registry)
				.record(latency.isNegative() ? Duration.ZERO : latency);
		}
	}

	/** A webhook used up its retries; the engine holds an incident for it. */
	public void webhookFailed() {
		this.registry.counter(WEBHOOK_DELIVERIES_FAILED).increment();
	}

	/**
	 * @param result {@code sent}, {@code logged} or {@code failed}
	 */
	public void email(String result) {
		this.registry.counter(EMAILS, "result", tag(result)).increment();
	}

	/** An email went to the first recipients only: its list was over the limit. */
	public void emailRecipientsCut() {
		this.registry.counter(EMAIL_RECIPIENTS_CUT).increment();
	}

	private static Counter webhookAttempts(MeterRegistry registry, String result) {
		return Counter.builder(WEBHOOK_ATTEMPTS)
			.description("Webhook delivery attempts by result")
			.tag("result", result)
			.register(registry);
	}

	/**
	 * A gauge's source that reads the database at most once per {@code ttl}, however many
	 * gauges share it or how often Prometheus scrapes.
	 */
	public static <T> Supplier<T> cachedFor(Duration ttl, Supplier<T> source) {
		return new CachedSupplier<>(ttl, source);
	}

	private void count(String name, String... tags) {
		String[] values = new String[tags.length];
		for (int i = 0; i < tags.length; i++) {
			values[i] = (i % 2 == 0) ? tags[i] : tag(tags[i]);
		}
		afterCommit(() -> this.registry.counter(name, values).increment());
	}

	private static void afterCommit(Runnable action) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					action.run();
				}
			});
		}
		else {
			action.run();
		}
	}

	private static String tag(String value) {
		return (value == null || value.isBlank()) ? "none" : value;
	}

	private static final class CachedSupplier<T> implements Supplier<T> {

		private final long ttlNanos;

		private final Supplier<T> source;

		private T value;

		private long readAt;

		private CachedSupplier(Duration ttl, Supplier<T> source) {
			this.ttlNanos = ttl.toNanos();
			this.source = source;
		}

		@Override
		public synchronized T get() {
			long now = System.nanoTime();
			if (this.value == null || now - this.readAt >= this.ttlNanos) {
				this.value = this.source.get();
				this.readAt = now;
			}
			return this.value;
		}

	}

}
