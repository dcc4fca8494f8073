package dev.hitl.consultation;

import java.time.Instant;

/**
 * The times of consultation changes, as differential polling needs them: every change is
 * stamped on one clock for the whole cluster, and {@link #settled()} says up to when
 * every stamped change has either committed or rolled back, so a poller that reads only
 * changes before it can never be overtaken by a change that commits late or on another
 * node.
 */
interface ChangeClock {

	/**
	 * The {@code updated_at} for a change made in the current transaction, which must be
	 * active: from this call until the transaction ends it holds {@link #settled()} back
	 * to at most its start.
	 * @throws IllegalStateException outside a transaction
	 */
	Instant now();

	/**
	 * An instant before which no change can still commit: the start of the oldest
	 * transaction in flight that may stamp a change, or now when there is none. Read it
	 * before the changes themselves, and outside a transaction, so that what it promises
	 * holds for the rows read after it.
	 */
	Instant settled();

}
