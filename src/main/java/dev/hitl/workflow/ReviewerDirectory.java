package dev.hitl.workflow;

import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;

import org.springframework.stereotype.Service;

/**
 * Reviewer and admin accounts live in the engine's identity service, so the same account
 * signs in to Tasklist, the portal and the API.
 */
@Service
public class ReviewerDirectory {

	public static final String ADMIN_GROUP = "camunda-admin";

	private final IdentityService identity;

	ReviewerDirectory(IdentityService identity) {
		this.identity = identity;
	}

	public Optional<Account> authenticate(String userId, String password) {
		if (userId == null || userId.isBlank() || password == null || !this.identity.checkPassword(userId, password)) {
			return Optional.empty();
		}
		return find(userId);
	}

	public Optional<Account> find(String userId) {
		User user = this.identity.createUserQuery().userId(userId).singleResult();
		if (user == null) {
			return Optional.empty();
		}
		List<String> groups = this.identity.createGroupQuery()
			.groupMember(userId)
			.list()
			.stream()
			.map(Group::getId)
			.toList();
		return Optional.of(new Account(user.getId(), user.getFirstName(), user.getLastName(), user.getEmail(), groups));
	}

	/** Creates a workflow group unless it exists, e.g. the default reviewer group. */
	public void ensureReviewerGroup(String groupId) {
		ensureGroup(this.identity, groupId, groupId, "WORKFLOW");
	}

	static void ensureGroup(IdentityService identity, String groupId, String name, String type) {
		if (identity.createGroupQuery().groupId(groupId).count() == 0) {
			Group group = identity.newGroup(groupId);
			group.setName(name);
			group.setType(type);
			identity.saveGroup(group);
		}
	}

	public record Account(String id, String firstName, String lastName, String email, List<String> groups) {

		public boolean isAdmin() {
			return this.groups.contains(ADMIN_GROUP);
		}

	}

}
