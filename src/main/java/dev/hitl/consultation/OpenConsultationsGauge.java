package dev.hitl.consultation;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import dev.hitl.system.MetricSupport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * Pending consultations per priority, read from the shared table so that every node
 * reports the cluster-wide number; one query per scrape interval at most.
 */
@Component
class OpenConsultationsGauge implements MeterBinder {

	private final Supplier<Map<String, Long>> pending;

	OpenConsultationsGauge(ConsultationRepository repository) {
		this.pending = MetricSupport.cachedFor(Duration.ofSeconds(10), repository::countPendingByPriority);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String priority : NewConsultationParser.PRIORITIES) {
			Gauge.builder(ConsultationMetrics.OPEN, () -> this.pending.get().getOrDefault(priority, 0L))
				.description("Consultations waiting for an answer")
				.tag("priority", priority)
				.strongReference(true)
				.register(registry);
		}
	}

}
