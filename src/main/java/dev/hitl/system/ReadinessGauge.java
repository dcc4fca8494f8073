package dev.hitl.system;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * The readiness probe as a metric (1 ready, 0 not), so an alert can say which part failed
 * while the node still answers scrapes; a node that answers nothing shows as {@code up}
 * 0.
 */
@Component
class ReadinessGauge implements MeterBinder {

	/** Gauge: 1 while this node's readiness probe is UP, else 0. */
	static final String READY = "hitl.ready";

	private final Supplier<Double> ready;

	ReadinessGauge(HealthEndpoint health) {
		this.ready = MetricSupport.cachedFor(Duration.ofSeconds(5), () -> {
			HealthComponent readiness = health.healthForPath("readiness");
			return (readiness != null && Status.UP.equals(readiness.getStatus())) ? 1.0 : 0.0;
		});
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(READY, () -> this.ready.get())
			.description("1 when the readiness probe is UP (database, engine, job executor), else 0")
			.strongReference(true)
			.register(registry);
	}

}
