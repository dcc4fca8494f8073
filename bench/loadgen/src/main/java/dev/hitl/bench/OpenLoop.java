package dev.hitl.bench;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a fixed arrival rate. Request i is due at {@code start + i / rate}
 * whatever happened to the ones before it, and its latency is measured from that
 * intended start, not from when it was actually sent: a stalled service cannot hide its
 * stall by slowing the load down (no coordinated omission). Only requests due after the
 * warm-up are recorded.
 */
final class OpenLoop {

	/** One request: starts it and completes with its HTTP status (0 on an I/O failure). */
	interface Op {

		CompletableFuture<Integer> start();

	}

	/** Returned by an op supplier that has no work for this slot yet. */
	static final Op SKIP = () -> CompletableFuture.completedFuture(0);

	record Spec(String name, double rate, Duration warmup, Duration measure, Supplier<Op> ops, IntPredicate ok) {

		Spec withRate(double newRate) {
			return new Spec(this.name, newRate, this.warmup, this.measure, this.ops, this.ok);
		}

	}

	/**
	 * @param sendLagMaxMs how late the generator itself sent a request (its own health)
	 * @param exhausted the op supplier ran dry before the end
	 */
	record Result(String name, double rate, long sent, long measured, long errors, Map<Integer, Long> statuses, double p50,
			double p90, double p95, double p99, double p999, double max, double sendLagMaxMs, boolean exhausted,
			long startMillis, long measureStartMillis, long endMillis) {

		double errorRatio() {
			return (this.measured == 0) ? 1 : (double) this.errors / this.measured;
		}

	}

	private static final long HOUR_MICROS = 3_600_000_000L;

	private static final int MAX_IN_FLIGHT = 400;

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

	private OpenLoop() {
	}

	static Result run(Spec spec) {
		Histogram latencies = new ConcurrentHistogram(HOUR_MICROS, 3);
		Map<Integer, Long> statuses = new ConcurrentHashMap<>();
		AtomicLong errors = new AtomicLong();
		AtomicInteger outstandingMeasured = new AtomicInteger();
		Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
		double intervalNanos = 1e9 / spec.rate();
		long total = (long) Math.floor((spec.warmup().toMillis() + spec.measure().toMillis()) / 1000.0 * spec.rate());
		long warmupCount = (long) Math.floor(spec.warmup().toMillis() / 1000.0 * spec.rate());
		long startNanos = System.nanoTime() + 20_000_000L;
		long startMillis = System.currentTimeMillis() + 20;
		long maxLag = 0;
		boolean exhausted = false;
		long sent = 0;
		ConcurrentHashMap<Long, Boolean> open = new ConcurrentHashMap<>();
		for (long i = 0; i < total; i++) {
			long intended = startNanos + (long) (i * intervalNanos);
			parkUntil(intended);
			Op op = spec.ops().get();
			if (op == null) {
				exhausted = true;
				break;
			}
			if (op == SKIP) {
				continue;
			}
			inFlight.acquireUninterruptibly();
			sent++;
			long lag = System.nanoTime() - intended;
			boolean measured = i >= warmupCount;
			if (measured) {
				maxLag = Math.max(maxLag, lag);
				outstandingMeasured.incrementAndGet();
				open.put(intended, Boolean.TRUE);
			}
			CompletableFuture<Integer> call;
			try {
				call = op.start();
			}
			catch (RuntimeException ex) {
				call = CompletableFuture.completedFuture(0);
			}
			call.whenComplete((status, failure) -> {
				long end = System.nanoTime();
				inFlight.release();
				if (!measured || open.remove(intended) == null) {
					return;
				}
				int code = (failure != null || status == null) ? 0 : status;
				statuses.merge(code, 1L, Long::sum);
				if (!spec.ok().test(code)) {
					errors.incrementAndGet();
				}
				latencies.recordValue(Math.max(1, (end - intended) / 1000));
				outstandingMeasured.decrementAndGet();
			});
		}
		long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
		while (outstandingMeasured.get() > 0 && System.nanoTime() < deadline) {
			LockSupport.parkNanos(5_000_000L);
		}
		// Whatever is still open after the drain timeout counts as failed, at its
		// latency so far.
		long now = System.nanoTime();
		for (Long intended : open.keySet()) {
			if (open.remove(intended) != null) {
				statuses.merge(-1, 1L, Long::sum);
				errors.incrementAndGet();
				latencies.recordValue(Math.max(1, (now - intended) / 1000));
			}
		}
		long measured = latencies.getTotalCount();
		return new Result(spec.name(), spec.rate(), sent, measured, errors.get(), new TreeMap<>(statuses),
				ms(latencies, 50), ms(latencies, 90), ms(latencies, 95), ms(latencies, 99), ms(latencies, 99.9),
				latencies.getMaxValue() / 1000.0, maxLag / 1e6, exhausted, startMillis,
				startMillis + spec.warmup().toMillis(), System.currentTimeMillis());
	}

	private static double ms(Histogram histogram, double percentile) {
		return (histogram.getTotalCount() == 0) ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
	}

	private static void parkUntil(long nanos) {
		long wait;
		while ((wait = nanos - System.nanoTime()) > 0) {
			LockSupport.parkNanos(wait);
		}
	}

}
