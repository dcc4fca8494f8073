package dev.hitl.system;

import java.time.Duration;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What every module's metrics share. Each module names and records its own metrics beside
 * the events they count (ConsultationMetrics, WebhookMetrics, EmailMetrics,
 * EngineMetrics, ReadinessGauge); events inside a transaction count when it commits, so a
 * rolled-back answer or a retried engine command never counts twice, and gauges that read
 * the shared database report the same cluster-wide value on every node.
 */
public final class MetricSupport {

	private MetricSupport() {
	}

	/** Runs {@code action} when the current transaction commits, or now without one. */
	public static void afterCommit(Runnable action) {
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

	/** A tag value: {@code none} for a missing one, so every series has all its tags. */
	public static String tag(String value) {
		return (value == null || value.isBlank()) ? "none" : value;
	}

	/**
	 * A gauge's source that reads the database at most once per {@code ttl}, however many
	 * gauges share it or how often Prometheus scrapes.
	 */
	public static <T> Supplier<T> cachedFor(Duration ttl, Supplier<T> source) {
		return new CachedSupplier<>(ttl, source);
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
