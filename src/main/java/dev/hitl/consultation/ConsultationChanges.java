package dev.hitl.consultation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Differential polling ({@code updated_after}): the owner's changes, oldest first, and
 * where the next poll starts. Only changes before the settled instant are returned, so a
 * change that commits late, on any node, is still ahead of the cursor when it becomes
 * visible. The cursor is inclusive: the changes at the last instant of a full page come
 * again on the next poll (clients deduplicate on {@code id} + {@code updated_at}).
 */
@Component
class ConsultationChanges {

	private final ConsultationRepository repository;

	ConsultationChanges(ConsultationRepository repository) {
		this.repository = repository;
	}

	/**
	 * @param filter with {@code updatedAfter}, the cursor
	 */
	ConsultationPage since(String owner, ConsultationFilter filter, int pageSize) {
		// Stored times have microseconds; a finer cursor is rounded down, which can only
		// return more.
		Instant from = filter.updatedAfter().truncatedTo(ChronoUnit.MICROS);
		ConsultationFilter window = new ConsultationFilter(filter.state(), filter.priority(), filter.externalRef(),
				from);
		Instant settled = this.repository.settled();
		if (!settled.isAfter(from)) {
			return ConsultationPage.changes(List.of(), 0, pageSize, from);
		}
		List<Consultation> items = this.repository.findChanges(owner, window, settled, pageSize);
		if (items.size() < pageSize) {
			return ConsultationPage.changes(items, items.size(), pageSize, settled);
		}
		long total = this.repository.countChanges(owner, window, settled);
		Instant last = items.get(items.size() - 1).updatedAt();
		if (last.equals(from)) {
			// A full page of changes at the cursor's very instant: sending the cursor
			// again would return the same page forever, so this page has all of them.
			List<Consultation> all = this.repository.findChangedAt(owner, window, last);
			return ConsultationPage.changes(all, total, pageSize, last.plus(1, ChronoUnit.MICROS));
		}
		return ConsultationPage.changes(items, total, pageSize, last);
	}

}
