package dev.hitl.workflow;

import java.security.SecureRandom;
import java.util.Base64;

import javax.sql.DataSource;

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
 * Creates the first admin, Tasklist's "All tasks" filter and grants every signed-in user
 * Tasklist with its task filters. Reviewers see a task only through the grants the engine
 * gives its candidate users and groups. No default password exists: without
 * {@code HITL_ADMIN_PASSWORD} a random one is generated and logged once. Nodes starting
 * together take turns ({@link StartupLock}), so each finds what the one before created.
 */
@Component
class IdentityBootstrap implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);

	/** Tasklist's filter for every task the user may see. */
	static final String ALL_TASKS = "All tasks";

	private static final String LEGACY_WORKER = "hitlworker";

	private static final String LEGACY_WORKER_GROUP = "hitlworkers";

	private final IdentityService identity;

	private final AuthorizationService authorizations;

	private final FilterService filters;

	private final IdentitySettings settings;

	private final StartupLock lock;

	IdentityBootstrap(IdentityService identity, AuthorizationService authorizations, FilterService filters,
			IdentitySettings settings, DataSource dataSource) {
		this.identity = identity;
		this.authorizations = authorizations;
		this.filters = filters;
		this.settings = settings;
		this.lock = new StartupLock(dataSource);
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.lock.run(this::bootstrap);
	}

	private void bootstrap() {
		ensureGroup(Groups.CAMUNDA_ADMIN, "Camunda administrators", Groups.GROUP_TYPE_SYSTEM);
		for (Resource resource : Resources.values()) {
			grantAdmin(resource);
		}
		grantEveryone(Resources.APPLICATION, CamundaWeb.TASKLIST, Permissions.ACCESS);
		if (this.filters.createFilterQuery().filterName(ALL_TASKS).count() == 0) {
			this.filters.saveFilter(this.filters.newTaskFilter(ALL_TASKS));
		}
		for (Filter filter : this.filters.createFilterQuery().list()) {
			grantEveryone(Resources.FILTER, filter.getId(), Permissions.READ);
		}
		ensureAdminUser();
		removeLegacyWorkerAccount();
	}

	/**
	 * Earlier versions had the delivery workers sign in to the engine REST API as this
	 * account; they carry a token now, and an unused account with a password is only
	 * something to guess.
	 */
	private void removeLegacyWorkerAccount() {
		if (this.identity.createUserQuery().userId(LEGACY_WORKER).memberOfGroup(LEGACY_WORKER_GROUP).count() > 0) {
			this.identity.deleteUser(LEGACY_WORKER);
			log.info("Removed the delivery workers' former account '{}'", LEGACY_WORKER);
		}
		if (this.identity.createGroupQuery()
			.groupId(LEGACY_WORKER_GROUP)
			.groupType(Groups.GROUP_TYPE_SYSTEM)
			.count() > 0) {
			this.identity.deleteGroup(LEGACY_WORKER_GROUP);
		}
	}

	private void ensureAdminUser() {
		String userId = this.settings.user();
		String password = this.settings.password();
		if (this.identity.createUserQuery().userId(userId).count() > 0) {
			if (password != null && !password.isBlank() && !this.identity.checkPassword(userId, password)) {
				// Only creates the first admin: an operator who changed it in .env to
				// regain access would otherwise wonder why the old password still works.
				log.warn("HITL_ADMIN_PASSWORD is ignored: admin user '{}' exists already with another password."
						+ " It only sets the first admin's password; docs/operations.md, \"A lost admin password\","
						+ " says how to reset it", userId);
			}
			return;
		}
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
