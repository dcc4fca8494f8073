package dev.hitl.workflow;

import java.security.SecureRandom;
import java.util.Base64;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Creates the first admin and the default reviewer group, and grants every signed-in user
 * Tasklist with its task filters. Reviewers see a task only through the grants the engine
 * gives its candidate users and groups. No default password exists: without
 * {@code HITL_ADMIN_PASSWORD} a random one is generated and logged once.
 */
@Component
class IdentityBootstrap implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);

	private final IdentityService identity;

	private final AuthorizationService authorizations;

	private final FilterService filters;

	private final IdentitySettings settings;

	IdentityBootstrap(IdentityService identity, AuthorizationService authorizations, FilterService filters,
			IdentitySettings settings) {
		this.identity = identity;
		this.authorizations = authorizations;
		this.filters = filters;
		this.settings = settings;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ensureGroup(Groups.CAMUNDA_ADMIN, "Camunda administrators", Groups.GROUP_TYPE_SYSTEM);
		for (Resource resource : Resources.values()) {
			grantAdmin(resource);
		}
		grantEveryone(Resources.APPLICATION, "tasklist", Permissions.ACCESS);
		for (Filter filter : this.filters.createFilterQuery().list()) {
			grantEveryone(Resources.FILTER, filter.getId(), Permissions.READ);
		}
		ensureAdminUser();
	}

	private void ensureAdminUser() {
		String userId = this.settings.user();
		if (this.identity.createUserQuery().userId(userId).count() > 0) {
			return;
		}
		String password = this.settings.password();
		boolean generated = password == null || password.isBlank();
		if (generated) {
			byte[] random = new byte[18];
			new SecureRandom().nextBytes(random);
			password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		}
		User user = this.identity.newUser(userId);
		user.setFirstName("HITL");
		user.setLastName("Admin");
		user.setPassword(password);
		this.identity.saveUser(user);
		this.identity.createMembership(userId, Groups.CAMUNDA_ADMIN);
		if (generated) {
			// Logged once, at creation: the operator's only way to learn it.
			log.warn("Created admin user '{}' with generated password: {}  (set HITL_ADMIN_PASSWORD to choose one)",
					userId, password);
		}
		else {
			log.info("Created admin user '{}' from HITL_ADMIN_USER/HITL_ADMIN_PASSWORD", userId);
		}
	}

	private void ensureGroup(String groupId, String name, String type) {
		ReviewerDirectory.ensureGroup(this.identity, groupId, name, type);
	}

	private void grantAdmin(Resource resource) {
		if (this.authorizations.createAuthorizationQuery()
			.groupIdIn(Groups.CAMUNDA_ADMIN)
			.resourceType(resource)
			.resourceId(Authorization.ANY)
			.count() == 0) {
			Authorization grant = this.authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
			grant.setGroupId(Groups.CAMUNDA_ADMIN);
			grant.setResource(resource);
			grant.setResourceId(Authorization.ANY);
			grant.addPermission(Permissions.ALL);
			this.authorizations.saveAuthorization(grant);
		}
	}

	private void grantEveryone(Resource resource, String resourceId, Permissions permission) {
		if (this.authorizations.createAuthorizationQuery()
			.authorizationType(Authorization.AUTH_TYPE_GLOBAL)
			.resourceType(resource)
			.resourceId(resourceId)
			.count() == 0) {
			Authorization grant = this.authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GLOBAL);
			grant.setResource(resource);
			grant.setResourceId(resourceId);
			grant.addPermission(permission);
			this.authorizations.saveAuthorization(grant);
		}
	}

}
