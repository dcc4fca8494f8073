package dev.hitl.workflow;

import java.util.Optional;

/**
 * Supplies what the review form shows in Tasklist. Copied into task-local variables when
 * a review task is created, so process variables keep only references and small values.
 */
public interface ReviewTaskDisplay {

	Optional<Details> detailsOf(String consultationId);

	record Details(String title, String description, String priority, String responseType, String optionsJson,
			String contextJson, String reviewStatus) {
	}

}
