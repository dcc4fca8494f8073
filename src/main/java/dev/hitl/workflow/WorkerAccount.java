package dev.hitl.workflow;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.User;

import org.springframework.stereotype.Component;

/**
 * The technical account the external task workers use on the engine's REST API: allowed
 * to fetch, lock and complete external tasks and nothing else. Every node derives the
 * same password, so nodes never overwrite each other's.
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
		grant(Resources.PROCESS_DEFINITION, ProcessDefinitionPermissions.READ,
				ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.UPDATE_INSTANCE);
		grant(Resources.PROCESS_INSTANCE, ProcessInstancePermissions.READ, ProcessInstancePermissions.UPDATE);
	}

	private void grant(Resource resource, Permission... permissions) {
		if (this.authorizations.createAuthorizationQuery()
			.groupIdIn(GROUP_ID)
			.resourceType(resource)
			.resourceId(Authorization.ANY)
			.count() > 0) {
			return;
		}
		Authorization grant = this.authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
		grant.setGroupId(GROUP_ID);
		grant.setResource(resource);
		grant.setResourceId(Authorization.ANY);
		for (Permission permission : permissions) {
			grant.addPermission(permission);
		}
		this.authorizations.saveAuthorization(grant);
	}

}
