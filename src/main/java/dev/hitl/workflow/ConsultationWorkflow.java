package dev.hitl.workflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.event.EventType;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;

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

	ConsultationWorkflow(RuntimeService runtime, TaskService tasks, RepositoryService repository) {
		this.runtime = runtime;
		this.tasks = tasks;
		this.repository = repository;
	}

	public boolean processExists(String processKey) {
		return this.repository.createProcessDefinitionQuery()
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
			.putValue(ProcessVariables.REVIEWER_GROUPS, List.copyOf(start.reviewerGroups()))
			.putValue(ProcessVariables.REVIEWER_USERS, List.copyOf(start.reviewerUsers()))
			.putValue(ProcessVariables.PRIORITY, start.priority());
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
	 * @throws TaskConflictException when someone else holds the task meanwhile
	 */
	public void claim(String taskId, String userId) {
		try {
			this.tasks.claim(taskId, userId);
		}
		catch (TaskAlreadyClaimedException | OptimisticLockingException ex) {
			throw new TaskConflictException("The review task is claimed by another reviewer", ex);
		}
	}

	public void unclaim(String taskId) {
		try {
			this.tasks.setAssignee(taskId, null);
		}
		catch (OptimisticLockingException ex) {
			throw new TaskConflictException("The review task changed meanwhile", ex);
		}
	}

	/**
	 * Completes the review task with the answer. Who answered and the channel travel as
	 * transient variables, so they reach the listeners without being stored.
	 * @throws AnswerRefusedException when the answer does not fit the consultation
	 * @throws TaskConflictException when the task was completed or changed concurrently
	 */
	public void complete(String taskId, String userId, String channel, Map<String, String> answer) {
		VariableMap variables = Variables.createVariables()
			.putValueTyped(ProcessVariables.RESPONDED_BY, Variables.stringValue(userId, true))
			.putValueTyped(ProcessVariables.CHANNEL, Variables.stringValue(channel, true));
		answer.forEach((name, value) -> {
			if (value != null) {
				variables.putValue(name, value);
			}
		});
		try {
			this.tasks.complete(taskId, variables);
		}
		catch (OptimisticLockingException ex) {
			throw new TaskConflictException("The review task changed meanwhile", ex, true);
		}
		catch (FormFieldValidationException ex) {
			throw new AnswerRefusedException(ex.getMessage());
		}
	}

	/**
	 * Ends the review with the process's cancellation path; a process without one is
	 * deleted.
	 */
	/**
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
			String priority) {
	}

	public record ReviewTask(String id, String assignee) {
	}

}
