package dev.hitl.delivery.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

import static dev.hitl.system.MetricSupport.tag;

/**
 * Webhook attempts by result, deliveries that used up their retries, and the time from a
 * consultation's end to the agent's 2xx. The counters start at zero on every node, so a
 * failure rate or an alert on them is defined before the first failure.
 */
@Component
class WebhookMetrics implements MeterBinder {

	/**
	 * Counter, tag {@code result}: {@code delivered} (2xx), {@code rejected} (any other
	 * HTTP status), {@code unreachable} (network error or timeout), {@code refused} (not
	 * sent: the URL or the key no longer allows it).
	 */
	static final String ATTEMPTS = "hitl.webhook.attempts";

	/** Counter: webhooks whose last retry failed, each leaving an incident. */
	static final String DELIVERIES_FAILED = "hitl.webhook.deliveries.failed";

	/** Histogram (timer): from the consultation's terminal state to the 2xx. */
	static final String DELIVERY_LATENCY = "hitl.webhook.delivery.latency";

	private static final List<String> RESULTS = List.of("delivered", "rejected", "unreachable", "refused");

	private static final Duration[] DELIVERY_BUCKETS = { Duration.ofSeconds(1), Duration.ofSeconds(5),
			Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
			Duration.ofHours(2), Duration.ofHours(12), Duration.ofDays(1), Duration.ofDays(2) };

	private final MeterRegistry registry;

	private final Clock clock;

	WebhookMetrics(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String result : RESULTS) {
			attempts(registry, result);
		}
		registry.counter(DELIVERIES_FAILED);
	}

	/**
	 * One webhook attempt.
	 * @param result {@code delivered}, {@code rejected}, {@code unreachable} or
	 * {@code refused}
	 * @param eventAt when the consultation reached the state the webhook reports; used
	 * for the delivery latency of a delivered webhook
	 */
	void attempt(String result, Instant eventAt) {
		attempts(this.registry, tag(result)).increment();
		if ("delivered".equals(result) && eventAt != null) {
			Duration latency = Duration.between(eventAt, this.clock.instant());
			Timer.builder(DELIVERY_LATENCY)
				.description("Time from a consultation's terminal state to the agent's 2xx")
				.serviceLevelObjectives(DELIVERY_BUCKETS)
				.register(this.registry)
				.record(latency.isNegative() ? Duration.ZERO : latency);
		}
	}

	/** A webhook used up its retries; the engine holds an incident for it. */
	void failed() {
		this.registry.counter(DELIVERIES_FAILED).increment();
	}

	private static Counter attempts(MeterRegistry registry, String result) {
		return Counter.builder(ATTEMPTS)
			.description("Webhook delivery attempts by result")
			.tag("result", result)
			.register(registry);
	}

}
