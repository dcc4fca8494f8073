package dev.hitl.workflow;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;

import org.springframework.stereotype.Component;

/**
 * The technical account the external task workers use on the engine's REST API: allowed
 * to fetch, lock and complete external tasks and nothing else (Spring Security and
 * {@link EngineRestAuthentication} keep it to those routes). Every node derives the same
 * password, so nodes never overwrite each other's.
 */
@Component
class WorkerAccount {

	static final String USER_ID = "hitlworker";

	static final String GROUP_ID = "hitlworkers";

	private final IdentityService identity;

	private final AuthorizationService authorizations;

	WorkerAccount(IdentityService identity, AuthorizationService authorizations) {
		this.identity = identity;
		this.authorizations = authorizations;
	}

	synchronized void ensure(String password) {
		ReviewerDirectory.ensureGroup(this.identity, GROUP_ID, "External task workers", "SYSTEM");
		User user = this.identity.createUserQuery().userId(USER_ID).singleResult();
		if (user == null) {
			user = this.identity.newUser(USER_ID);
			user.setFirstName("HITL");
			user.setLastName("Worker");
		}
		user.setPassword(password);
		this.identity.saveUser(user);
		if (this.identity.createGroupQuery().groupMember(USER_ID).groupId(GROUP_ID).count() == 0) {
			this.identity.createMembership(USER_ID, GROUP_ID);
		}
		// The engine REST API serves this account without per-row checks, on the external
		// task routes only (EngineRestAuthentication): it needs no grants, and the ones
		// earlier versions gave it go.
		for (Resources resource : new Resources[] { Resources.PROCESS_DEFINITION, Resources.PROCESS_INSTANCE }) {
			this.authorizations.createAuthorizationQuery()
				.groupIdIn(GROUP_ID)
				.resourceType(resource)
				.list()
				.forEach((grant) -> this.authorizations.deleteAuthorization(grant.getId()));
		}
	}

}
