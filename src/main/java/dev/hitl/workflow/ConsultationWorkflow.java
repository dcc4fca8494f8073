package dev.hitl.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.impl.event.EventType;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Starts consultation processes and works their review tasks. Every call joins the
 * caller's transaction, so the read model and the engine commit or roll back together.
 */
@Service
public class ConsultationWorkflow {

	private final RuntimeService runtime;

	private final TaskService tasks;

	private final RepositoryService repository;

	private final IdentityService identity;

	private final ReviewerChannels channels;

	ConsultationWorkflow(RuntimeService runtime, TaskService tasks, RepositoryService repository,
			IdentityService identity, ObjectProvider<ReviewerChannels> channels) {
		this.channels = channels.getIfAvailable(() -> () -> false);
		this.runtime = runtime;
		this.tasks = tasks;
		this.repository = repository;
		this.identity = identity;
	}

	public boolean processExists(String processKey) {
		return !ProcessVariables.END_DELIVERY_PROCESS.equals(processKey)
				&& this.repository.createProcessDefinitionQuery()
					.processDefinitionKey(processKey)
					.latestVersion()
					.withoutTenantId()
					.count() > 0;
	}

	/** Starts the process with the contract's variables and returns its instance id. */
	public String start(String processKey, String consultationId, StartVariables start) {
		VariableMap variables = Variables.createVariables()
			.putValue(ProcessVariables.CONSULTATION_ID, consultationId)
			.putValue(ProcessVariables.TIMEOUT, start.timeout())
			// ArrayList: its type name is among the few the engine deserializes.
			.putValue(ProcessVariables.REVIEWER_GROUPS, new ArrayList<>(start.reviewerGroups()))
			.putValue(ProcessVariables.REVIEWER_USERS, new ArrayList<>(start.reviewerUsers()))
			.putValue(ProcessVariables.PRIORITY, start.priority())
			.putValue(ProcessVariables.SLACK, this.channels.slack());
		variables.putAll(start.policy().variables());
		return this.runtime.startProcessInstanceByKey(processKey, consultationId, variables).getId();
	}

	public Optional<ReviewTask> openTask(String processInstanceId) {
		List<Task> open = this.tasks.createTaskQuery()
			.processInstanceId(processInstanceId)
			.active()
			.orderByTaskCreateTime()
			.asc()
			.list();
		return open.stream().findFirst().map((task) -> new ReviewTask(task.getId(), task.getAssignee()));
	}

	/**
	 * Claims the task for the reviewer, as the reviewer: the engine's checks apply as in
	 * Tasklist.
	 * @throws TaskConflictException when someone else holds the task meanwhile
	 * @throws TaskRefusedException when the reviewer may not claim it
	 */
	public void claim(String taskId, Actor actor) {
		as(actor, () -> this.tasks.claim(taskId, actor.userId()));
	}

	/**
	 * @throws TaskConflictException when the task changed meanwhile
	 * @throws TaskRefusedException when the reviewer may not release it
	 */
	public void unclaim(String taskId, Actor actor) {
		as(actor, () -> this.tasks.setAssignee(taskId, null));
	}

	/**
	 * Completes the review task with the answer, as the reviewer and through the given
	 * channel: the engine records its authenticated user as the one who answered, and no
	 * variable can say otherwise.
	 * @throws AnswerRefusedException when the answer does not fit the consultation
	 * @throws TaskConflictException when the task was completed or changed concurrently,
	 * or the consultation ended meanwhile
	 * @throws TaskRefusedException when the reviewer may not answer it
	 */
	public void complete(String taskId, Actor actor, String channel, Map<String, String> answer) {
		VariableMap variables = Variables.createVariables();
		answer.forEach((name, value) -> {
			if (value != null) {
				variables.putValue(name, value);
			}
		});
		try {
			as(actor, () -> AnswerChannel.during(channel, () -> {
				this.tasks.complete(taskId, variables);
				return null;
			}));
		}
		catch (FormFieldValidationException ex) {
			throw new AnswerRefusedException(ex.getMessage());
		}
	}

	/**
	 * Runs engine calls as the reviewer, so that the engine's authorizations and the
	 * review rules apply, then restores whoever this thread acted as before.
	 */
	private void as(Actor actor, Runnable work) {
		Authentication previous = this.identity.getCurrentAuthentication();
		this.identity.setAuthentication(actor.userId(), List.copyOf(actor.groups()));
		try {
			work.run();
		}
		catch (NullValueException | NotFoundException ex) {
			throw new TaskConflictException("The review task is no longer open", ex);
		}
		catch (AuthorizationException ex) {
			// The process gave the task to other candidates than the consultation's
			// reviewers.
			throw new TaskRefusedException("The review task is not open to you");
		}
		finally {
			if (previous != null) {
				this.identity.setAuthentication(previous);
			}
			else {
				this.identity.clearAuthentication();
			}
		}
	}

	/**
	 * Ends the review with the process's cancellation path; a process without one is
	 * deleted.
	 * @throws OptimisticLockingException when the process changed concurrently
	 */
	public void cancel(String processInstanceId) {
		// Checked first: a failed correlation would mark the caller's transaction
		// rollback-only.
		boolean hasCancellationPath = this.runtime.createEventSubscriptionQuery()
			.processInstanceId(processInstanceId)
			.eventType(EventType.MESSAGE.name())
			.eventName(ProcessVariables.MESSAGE_CANCELLED)
			.count() > 0;
		if (hasCancellationPath) {
			this.runtime.createMessageCorrelation(ProcessVariables.MESSAGE_CANCELLED)
				.processInstanceId(processInstanceId)
				.correlateWithResult();
		}
		else {
			this.runtime.deleteProcessInstanceIfExists(processInstanceId, "Cancelled by the agent", false, true, false,
					false);
		}
	}

	public record StartVariables(String timeout, List<String> reviewerGroups, List<String> reviewerUsers,
			String priority, ProcessPolicy policy) {
	}

	public record ReviewTask(String id, String assignee) {
	}

	/**
	 * Who acts: a reviewer's user id and groups, as the engine's identity service has
	 * them.
	 */
	public record Actor(String userId, List<String> groups) {
	}

}
