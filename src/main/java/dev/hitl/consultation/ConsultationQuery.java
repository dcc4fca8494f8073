package dev.hitl.consultation;

import java.time.Instant;
import java.util.List;

/**
 * Filters and order of a reviewer-facing list; null or empty means "any".
 *
 * @param states any of these states
 * @param priority one priority
 * @param text a case-insensitive substring of the title or the external ref
 * @param assignee who holds or answered it
 * @param updatedAfter changed after this instant (differential polling)
 * @param createdAfter created after this instant
 * @param order how the list is sorted
 */
public record ConsultationQuery(List<String> states, String priority, String text, String assignee,
		Instant updatedAfter, Instant createdAfter, Order order) {

	public ConsultationQuery {
		states = (states != null) ? List.copyOf(states) : List.of();
		order = (order != null) ? order : Order.URGENT_FIRST;
	}

	public ConsultationQuery withUpdatedAfter(Instant instant) {
		return new ConsultationQuery(this.states, this.priority, this.text, this.assignee, instant, this.createdAfter,
				this.order);
	}

	public ConsultationQuery withCreatedAfter(Instant instant) {
		return new ConsultationQuery(this.states, this.priority, this.text, this.assignee, this.updatedAfter, instant,
				this.order);
	}

	public enum Order {

		/** Most urgent priority first, newest first within a priority. */
		URGENT_FIRST,

		/** Newest first. */
		NEWEST_FIRST,

		/** Most recently changed (answered, timed out, cancelled) first. */
		RECENTLY_UPDATED

	}

}
