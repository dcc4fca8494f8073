package dev.hitl.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What reached one of the harness's receivers: one entry per distinct message, with its
 * arrival time and the consultation it is about.
 */
final class Arrivals {

	/**
	 * @param kind the event type (webhooks) or template (emails)
	 * @param stateChangedAt the consultation's {@code updated_at} as the message reports
	 * it, in epoch millis, or 0 when the message does not carry it
	 */
	record Arrival(long at, String consultationId, String kind, long stateChangedAt) {

	}

	private final List<Arrival> arrivals = new ArrayList<>();

	private final Set<String> seen = ConcurrentHashMap.newKeySet();

	private long duplicates;

	/** Records a message once per id; a redelivery only counts as a duplicate. */
	void add(String messageId, Arrival arrival) {
		if (!this.seen.add(messageId)) {
			synchronized (this) {
				this.duplicates++;
			}
			return;
		}
		synchronized (this) {
			this.arrivals.add(arrival);
		}
	}

	synchronized List<Arrival> between(long fromMillis, long toMillis) {
		return this.arrivals.stream().filter((a) -> a.at() >= fromMillis && a.at() < toMillis).toList();
	}

	synchronized List<Arrival> of(Set<String> consultationIds, String kind) {
		return this.arrivals.stream()
			.filter((a) -> consultationIds.contains(a.consultationId()) && (kind == null || kind.equals(a.kind())))
			.toList();
	}

	synchronized long count() {
		return this.arrivals.size();
	}

	synchronized long duplicates() {
		return this.duplicates;
	}

}
