package dev.hitl.workflow;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.core.variable.scope.AbstractVariableScope;
import org.camunda.bpm.engine.impl.core.variable.scope.VariableInstanceLifecycleListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;

/**
 * The rules of a consultation's review tasks, checked inside the engine so that they hold
 * for the reviewer API, the portal, Tasklist and the engine's REST API alike: only the
 * consultation's reviewers work on it, never the person it was requested for; a claim
 * belongs to its assignee (admins may take it over); nobody can route the task to anyone
 * else; the form's display variables are the service's.
 * <p>
 * The actor is the engine's authenticated user. Engine-internal work (timers, the
 * service's own start of a process) has none and is not checked, and neither is a task
 * being created, whose candidates come from the consultation itself.
 */
final class ReviewRules {

	/** {@code TaskEntity.TaskState} names, which the engine only exposes as strings. */
	private static final String TASK_BEING_CREATED = "Init";

	private static final List<String> TASK_ENDING = List.of("Completed", "Deleted");

	private final ReviewPolicy policy;

	ReviewRules(ReviewPolicy policy) {
		this.policy = policy;
	}

	/** Claim, complete, submit a form, resolve: the actor must be a reviewer. */
	void checkWork(TaskEntity task) {
		Authentication actor = actor();
		Optional<ReviewPolicy.Subject> subject = (actor != null) ? subjectOf(task) : Optional.empty();
		if (subject.isEmpty()) {
			return;
		}
		refuseRequester(subject.get(), actor.getUserId());
		if (!subject.get().admits(actor.getUserId(), actor.getGroupIds())) {
			throw ReviewRuleViolation.forbidden("Only the consultation's reviewers may claim or answer it");
		}
		if (subject.get().hasApproved(actor.getUserId())) {
			throw ReviewRuleViolation.conflict(
					"You have approved this consultation already; the next approval must come from another reviewer");
		}
		boolean admin = isAdmin(actor);
		if (task.getAssignee() != null && !task.getAssignee().equals(actor.getUserId()) && !admin) {
			throw ReviewRuleViolation.conflict("The consultation is claimed by another reviewer");
		}
		if (!admin) {
			guardDisplay(task);
		}
	}

	/**
	 * Assign, delegate, set the owner, change identity links or task properties: only the
	 * assignee of a claimed task, or an admin.
	 */
	void checkAssign(TaskEntity task) {
		Authentication actor = actor();
		Optional<ReviewPolicy.Subject> subject = (actor != null) ? subjectOf(task) : Optional.empty();
		if (subject.isEmpty() || isAdmin(actor)) {
			return;
		}
		refuseRequester(subject.get(), actor.getUserId());
		if (task.getAssignee() != null && !task.getAssignee().equals(actor.getUserId())) {
			throw ReviewRuleViolation
				.forbidden("Only the reviewer who claimed the consultation, or an admin, may reassign or delegate it");
		}
		if (!subject.get().admits(actor.getUserId(), actor.getGroupIds())) {
			throw ReviewRuleViolation.forbidden("Only the consultation's reviewers may change its review task");
		}
	}

	/** Setting or removing task variables. */
	void checkVariables(TaskEntity task) {
		Authentication actor = actor();
		if (actor != null && !isAdmin(actor) && subjectOf(task).isPresent()) {
			guardDisplay(task);
		}
	}

	/** The task's assignee changes (claim, unclaim, assign, delegate, resolve). */
	void checkNewAssignee(TaskEntity task, String oldAssignee, String newAssignee) {
		Authentication actor = actor();
		Optional<ReviewPolicy.Subject> subject = checkedSubject(task, actor);
		if (subject.isEmpty() || newAssignee == null) {
			return;
		}
		checkReviewer(subject.get(), newAssignee, actor);
		if (!isAdmin(actor) && !newAssignee.equals(actor.getUserId())
				&& !Objects.equals(oldAssignee, actor.getUserId())) {
			throw ReviewRuleViolation.forbidden(
					"Only an admin, or the reviewer who holds the claim, may assign the consultation to someone else");
		}
	}

	/** The task's owner changes (set owner, delegate). */
	void checkNewOwner(TaskEntity task, String newOwner) {
		Authentication actor = actor();
		Optional<ReviewPolicy.Subject> subject = checkedSubject(task, actor);
		if (subject.isPresent() && newOwner != null) {
			checkReviewer(subject.get(), newOwner, actor);
		}
	}

	/** A user becomes a candidate or gets another identity link. */
	void checkNewUserLink(TaskEntity task, String userId) {
		Authentication actor = actor();
		checkedSubject(task, actor).ifPresent((subject) -> checkReviewer(subject, userId, actor));
	}

	/** A group becomes a candidate or gets another identity link. */
	void checkNewGroupLink(TaskEntity task, String groupId) {
		checkedSubject(task, actor()).ifPresent((subject) -> {
			if (!subject.groups().contains(groupId)) {
				throw ReviewRuleViolation.forbidden("Group '" + groupId + "' is not a reviewer of this consultation");
			}
		});
	}

	/** The consultation behind a task; empty for a task of another kind of process. */
	Optional<ReviewPolicy.Subject> subjectOf(TaskEntity task) {
		if (task.getExecutionId() == null) {
			return Optional.empty();
		}
		ExecutionEntity execution = task.getExecution();
		if (execution == null || execution.getProcessInstance() == null) {
			// Read after a rival's commit removed them: the task is stale.
			throw ReviewRuleViolation.taskEnded();
		}
		String consultationId = execution.getProcessBusinessKey();
		if (consultationId == null) {
			return Optional.empty();
		}
		return ReviewCommandSession.current().subjects.computeIfAbsent(consultationId,
				(id) -> this.policy.subjectOf(id));
	}

	private Optional<ReviewPolicy.Subject> checkedSubject(TaskEntity task, Authentication actor) {
		if (actor == null || TASK_BEING_CREATED.equals(task.getTaskState())) {
			return Optional.empty();
		}
		return subjectOf(task);
	}

	/**
	 * The actor's own groups are those they authenticated with (an OIDC token's among
	 * them); anyone else's are the identity service's.
	 */
	private static void checkReviewer(ReviewPolicy.Subject subject, String userId, Authentication actor) {
		if (subject.isRequester(userId)) {
			throw ReviewRuleViolation.forbidden("The consultation was requested for '" + userId
					+ "', who can therefore never claim, answer or be assigned it");
		}
		List<String> groups = userId.equals(actor.getUserId()) ? actor.getGroupIds() : groupsOf(userId);
		if (!subject.admits(userId, groups)) {
			throw ReviewRuleViolation.forbidden("'" + userId + "' is not a reviewer of this consultation");
		}
	}

	private static void refuseRequester(ReviewPolicy.Subject subject, String userId) {
		if (subject.isRequester(userId)) {
			throw ReviewRuleViolation
				.forbidden("The consultation was requested for you, so you cannot claim or answer it");
		}
	}

	/**
	 * Refuses any change of the form's display variables on this task for the rest of the
	 * command; the task's own end removes them, which is fine.
	 */
	private static void guardDisplay(TaskEntity task) {
		if (!ReviewCommandSession.current().guardedTasks.add(task.getId())) {
			return;
		}
		task.addCustomLifecycleListener(new VariableInstanceLifecycleListener<>() {

			@Override
			public void onCreate(VariableInstanceEntity variable, AbstractVariableScope scope) {
				refuseDisplayChange(variable);
			}

			@Override
			public void onUpdate(VariableInstanceEntity variable, AbstractVariableScope scope) {
				refuseDisplayChange(variable);
			}

			@Override
			public void onDelete(VariableInstanceEntity variable, AbstractVariableScope scope) {
				if (!TASK_ENDING.contains(task.getTaskState())) {
					refuseDisplayChange(variable);
				}
			}

		});
	}

	private static void refuseDisplayChange(VariableInstanceEntity variable) {
		if (ProcessVariables.DISPLAY.contains(variable.getName())) {
			throw ReviewRuleViolation.forbidden("The review form's variable '" + variable.getName()
					+ "' is set by the service; reviewers cannot change it");
		}
	}

	private static Authentication actor() {
		Authentication current = Context.getCommandContext().getAuthentication();
		return (current != null && current.getUserId() != null) ? current : null;
	}

	private static boolean isAdmin(Authentication actor) {
		return Context.getCommandContext().getAuthorizationManager().isCamundaAdmin(actor);
	}

	/** Another user's groups, whatever the actor may read of the identity service. */
	private static List<String> groupsOf(String userId) {
		CommandContext context = Context.getCommandContext();
		return context.runWithoutAuthorization(() -> context.getProcessEngineConfiguration()
			.getIdentityService()
			.createGroupQuery()
			.groupMember(userId)
			.list()
			.stream()
			.map(Group::getId)
			.toList());
	}

}
