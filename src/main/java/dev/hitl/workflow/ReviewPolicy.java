package dev.hitl.workflow;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may work on a consultation's review tasks, as the consultation says: the engine's
 * checks ask this on every channel, so a task's candidates and assignee can only ever be
 * the consultation's reviewers.
 */
public interface ReviewPolicy {

	/** The consultation behind a process (its business key), if there is one. */
	Optional<Subject> subjectOf(String consultationId);

	/**
	 * @param state the consultation's state (pending, responded, ...)
	 * @param requestedBy the person the agent acts for, who may never take part
	 * @param approvers who approved so far (a review that needs several approvals)
	 */
	record Subject(String state, List<String> groups, List<String> users, String requestedBy, List<String> approvers) {

		/**
		 * Has approved this consultation already: never a second time, on any channel.
		 */
		public boolean hasApproved(String userId) {
			return this.approvers.contains(userId);
		}

		public boolean isRequester(String userId) {
			return this.requestedBy != null && this.requestedBy.equals(userId);
		}

		/** A reviewer by name or by one of their groups, and not the requester. */
		public boolean admits(String userId, Collection<String> userGroups) {
			if (userId == null || isRequester(userId)) {
				return false;
			}
			return this.users.contains(userId) || (userGroups != null
					&& userGroups.stream().filter(Objects::nonNull).anyMatch(this.groups::contains));
		}

	}

}
