package dev.hitl.workflow;

import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
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

	/**
	 * Who the engine acts for in this thread, e.g. the Cockpit or Tasklist user whose
	 * request is running; empty for the job executor and unauthenticated calls.
	 */
	public Optional<String> currentEngineUser() {
		return Optional.ofNullable(this.identity.getCurrentAuthentication())
			.map(org.camunda.bpm.engine.impl.identity.Authentication::getUserId);
	}

	public boolean exists(String userId) {
		return this.identity.createUserQuery().userId(userId).count() > 0;
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

	/**
	 * The one account with this email address (as Slack reports it, case aside); empty
	 * when none or several have it, since then nobody can be sure whose click it was.
	 */
	public Optional<Account> findByEmail(String email) {
		if (email == null || email.isBlank()) {
			return Optional.empty();
		}
		List<User> users = this.identity.createUserQuery().userEmail(email.trim()).listPage(0, 2);
		if (users.isEmpty() && !email.trim().equals(email.trim().toLowerCase(java.util.Locale.ROOT))) {
			users = this.identity.createUserQuery()
				.userEmail(email.trim().toLowerCase(java.util.Locale.ROOT))
				.listPage(0, 2);
		}
		return (users.size() == 1) ? find(users.get(0).getId()) : Optional.empty();
	}

	/**
	 * The email addresses of the candidate reviewers, members of the groups and the
	 * users, each address once (for the account that named it first), in a stable order
	 * (the first {@code limit} members of each group by id, then by address); accounts
	 * without an address are skipped.
	 * @return at most {@code limit} recipients, and whether candidates were left out
	 */
	public Recipients emailsOf(List<String> groups, List<String> users, int limit) {
		java.util.Map<String, String> accounts = new java.util.TreeMap<>();
		long candidates = users.size();
		boolean cut = false;
		for (String group : groups) {
			long members = this.identity.createUserQuery().memberOfGroup(group).count();
			candidates += members;
			cut |= members > limit;
			this.identity.createUserQuery()
				.memberOfGroup(group)
				.orderByUserId()
				.asc()
				.listPage(0, limit)
				.forEach((user) -> addEmail(accounts, user));
		}
		if (!users.isEmpty()) {
			this.identity.createUserQuery()
				.userIdIn(users.toArray(String[]::new))
				.orderByUserId()
				.asc()
				.list()
				.forEach((user) -> addEmail(accounts, user));
		}
		List<Recipient> found = accounts.entrySet()
			.stream()
			.map((entry) -> new Recipient(entry.getValue(), entry.getKey()))
			.toList();
		if (found.size() > limit) {
			return new Recipients(found.subList(0, limit), true, candidates);
		}
		return new Recipients(found, cut, candidates);
	}

	/**
	 * @param recipients each address with the account it is sent to
	 * @param cut whether candidates were left out to keep within the limit
	 * @param candidates how many accounts the groups and users name, counting an account
	 * in two groups twice
	 */
	public record Recipients(List<Recipient> recipients, boolean cut, long candidates) {

		public List<String> emails() {
			return this.recipients.stream().map(Recipient::email).toList();
		}

	}

	/** One address and the account (user id) it belongs to. */
	public record Recipient(String userId, String email) {
	}

	private static void addEmail(java.util.Map<String, String> accounts, User user) {
		if (user.getEmail() != null && !user.getEmail().isBlank()) {
			accounts.putIfAbsent(user.getEmail().trim(), user.getId());
		}
	}

	/** Creates a workflow group unless it exists, e.g. the default reviewer group. */
	public void ensureReviewerGroup(String groupId) {
		ensureGroup(this.identity, groupId, groupId, "WORKFLOW");
	}

	static void ensureGroup(IdentityService identity, String groupId, String name, String type) {
		if (identity.createGroupQuery().groupId(groupId).count() > 0) {
			return;
		}
		Group group = identity.newGroup(groupId);
		group.setName(name);
		group.setType(type);
		try {
			identity.saveGroup(group);
		}
		catch (ProcessEngineException ex) {
			// Another node created it between the check and the insert: what was wanted.
			if (identity.createGroupQuery().groupId(groupId).count() == 0) {
				throw ex;
			}
		}
	}

	public record Account(String id, String firstName, String lastName, String email, List<String> groups) {

		public boolean isAdmin() {
			return this.groups.contains(ADMIN_GROUP);
		}

	}

}
