package dev.hitl.consultation;

import java.util.List;

/**
 * Whose consultations a reader sees: those naming the user or one of their groups as
 * reviewers, or (admins' overviews) every consultation.
 */
public record ReviewerScope(String userId, List<String> groups, boolean everyone) {

	public static ReviewerScope of(String userId, List<String> groups) {
		return new ReviewerScope(userId, List.copyOf(groups), false);
	}

	public static ReviewerScope all() {
		return new ReviewerScope(null, List.of(), true);
	}

}
