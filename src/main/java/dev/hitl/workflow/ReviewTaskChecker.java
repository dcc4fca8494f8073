package dev.hitl.workflow;

import org.camunda.bpm.engine.impl.cfg.auth.AuthorizationCommandChecker;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;

/**
 * The engine's authorization checks, then the review rules, before any task command
 * changes anything. Exceptions thrown here reach the caller as they are, unlike a task
 * listener's, which the engine wraps into a generic error.
 */
final class ReviewTaskChecker extends AuthorizationCommandChecker {

	private final ReviewRules rules;

	ReviewTaskChecker(ReviewRules rules) {
		this.rules = rules;
	}

	@Override
	public void checkTaskWork(TaskEntity task) {
		super.checkTaskWork(task);
		if (ReviewCommandInterceptor.isRunning(HandleTaskBpmnErrorCmd.class, HandleTaskEscalationCmd.class)) {
			checkNoShortcut(task);
		}
		this.rules.checkWork(task);
	}

	@Override
	public void checkTaskAssign(TaskEntity task) {
		super.checkTaskAssign(task);
		this.rules.checkAssign(task);
	}

	@Override
	public void checkUpdateTaskVariable(TaskEntity task) {
		super.checkUpdateTaskVariable(task);
		this.rules.checkVariables(task);
	}

	/**
	 * A BPMN error or escalation nothing catches ends the process: a reviewer could end a
	 * consultation without answering it. Only admins may throw them on a review task.
	 */
	private void checkNoShortcut(TaskEntity task) {
		Authentication actor = Context.getCommandContext().getAuthentication();
		if (actor != null && actor.getUserId() != null
				&& !Context.getCommandContext().getAuthorizationManager().isCamundaAdmin(actor)
				&& this.rules.subjectOf(task).isPresent()) {
			throw ReviewRuleViolation.forbidden("A review task ends with an answer; reviewers cannot throw "
					+ "BPMN errors or escalations from it");
		}
	}

}
