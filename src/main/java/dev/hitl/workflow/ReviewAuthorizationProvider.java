package dev.hitl.workflow;

import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.Task;

/**
 * The engine calls this whenever a task gets a new assignee, owner or identity link, with
 * the new value, and for every channel: the place to refuse one that is not a reviewer of
 * the consultation. Otherwise Camunda's default grants: candidates and assignee get the
 * configured task permission (TASK_WORK); the assignee also TASK_ASSIGN, so that they can
 * release, reassign or delegate their own claim (to reviewers only).
 */
final class ReviewAuthorizationProvider extends DefaultAuthorizationProvider {

	private final ReviewRules rules;

	ReviewAuthorizationProvider(ReviewRules rules) {
		this.rules = rules;
	}

	@Override
	public AuthorizationEntity[] newTaskAssignee(Task task, String oldAssignee, String newAssignee) {
		this.rules.checkNewAssignee((TaskEntity) task, oldAssignee, newAssignee);
		AuthorizationEntity[] authorizations = super.newTaskAssignee(task, oldAssignee, newAssignee);
		if (authorizations != null) {
			for (AuthorizationEntity authorization : authorizations) {
				if (authorization.getResourceType() == Resources.TASK.resourceType()) {
					authorization.addPermission(Permissions.TASK_ASSIGN);
				}
			}
		}
		return authorizations;
	}

	@Override
	public AuthorizationEntity[] newTaskOwner(Task task, String oldOwner, String newOwner) {
		this.rules.checkNewOwner((TaskEntity) task, newOwner);
		return super.newTaskOwner(task, oldOwner, newOwner);
	}

	@Override
	public AuthorizationEntity[] newTaskUserIdentityLink(Task task, String userId, String type) {
		this.rules.checkNewUserLink((TaskEntity) task, userId);
		return super.newTaskUserIdentityLink(task, userId, type);
	}

	@Override
	public AuthorizationEntity[] newTaskGroupIdentityLink(Task task, String groupId, String type) {
		this.rules.checkNewGroupLink((TaskEntity) task, groupId);
		return super.newTaskGroupIdentityLink(task, groupId, type);
	}

}
