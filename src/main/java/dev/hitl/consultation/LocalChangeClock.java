package dev.hitl.consultation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.TreeMap;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Changes stamped for the embedded database, which only this JVM can open: a register of
 * the transactions that stamped a change and have not ended yet. The register is kept per
 * JVM, not per Spring context, because every context of a JVM (tests run several) opens
 * the same in-memory database. Stamps are microseconds, as the columns keep them, and
 * strictly increasing, even when the system clock steps back.
 */
final class LocalChangeClock implements ChangeClock {

	private static final Object LOCK = new Object();

	/** Open transactions by their first stamp; each stamp is unique. */
	private static final TreeMap<Instant, Object> OPEN = new TreeMap<>();

	private static Instant last = Instant.EPOCH;

	private final Clock clock;

	LocalChangeClock(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Instant now() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			throw new IllegalStateException("A consultation change is stamped inside its transaction");
		}
		synchronized (LOCK) {
			Instant stamp = next();
			if (!TransactionSynchronizationManager.hasResource(LOCK)) {
				OPEN.put(stamp, LOCK);
				TransactionSynchronizationManager.bindResource(LOCK, stamp);
				TransactionSynchronizationManager.registerSynchronization(new Deregistration(stamp));
			}
			return stamp;
		}
	}

	@Override
	public Instant settled() {
		synchronized (LOCK) {
			Instant now = next();
			return OPEN.isEmpty() ? now : OPEN.firstKey();
		}
	}

	private Instant next() {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		last = now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS);
		return last;
	}

	private record Deregistration(Instant stamp) implements TransactionSynchronization {

		@Override
		public void afterCompletion(int status) {
			synchronized (LOCK) {
				OPEN.remove(this.stamp);
			}
			TransactionSynchronizationManager.unbindResourceIfPossible(LOCK);
		}

	}

}
