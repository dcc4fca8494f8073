package dev.hitl.workflow;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.impl.cmd.AbstractPatchVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractSetTaskPropertyCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.DelegateTaskCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.HistoricProcessInstanceEntity;
import org.camunda.bpm.engine.impl.persistence.entity.HistoricTaskInstanceEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Around every outermost engine command: turns the review rules' refusals into the public
 * {@link ReviewTaskException}s, and a review task command that lost a race (the task was
 * answered, timed out, cancelled or claimed meanwhile) into a 409 that says what won,
 * instead of the engine's optimistic locking error, "task not found", or the
 * NullPointerException a completion can hit when the timer ended the task under it.
 * <p>
 * The service's own calls run inside its transaction, which only rolls back after this:
 * for them a lost race is reported as such (transient when a retry may succeed) and the
 * caller reads what won once it has rolled back. Calls from Tasklist and the engine's
 * REST API have no transaction around them, so the outcome is read here.
 */
final class ReviewCommandInterceptor extends CommandInterceptor {

	private static final List<Class<?>> TASK_COMMANDS = List.of(ClaimTaskCmd.class, CompleteTaskCmd.class,
			SubmitTaskFormCmd.class, AbstractSetTaskPropertyCmd.class, DelegateTaskCmd.class,
			DeleteIdentityLinkCmd.class, SetTaskVariablesCmd.class, RemoveTaskVariablesCmd.class,
			AbstractPatchVariablesCmd.class, HandleTaskBpmnErrorCmd.class, HandleTaskEscalationCmd.class);

	private static final int ATTEMPTS = 3;

	private static final ThreadLocal<Command<?>> OUTERMOST = new ThreadLocal<>();

	private final ProcessEngineConfigurationImpl engine;

	private final ReviewPolicy policy;

	ReviewCommandInterceptor(ProcessEngineConfigurationImpl engine, ReviewPolicy policy) {
		this.engine = engine;
		this.policy = policy;
	}

	/** Whether the command this thread's engine call runs is one of these. */
	static boolean isRunning(Class<?>... types) {
		Command<?> command = OUTERMOST.get();
		for (Class<?> type : types) {
			if (type.isInstance(command)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public <T> T execute(Command<T> command) {
		if (Context.getCommandContext() != null) {
			return this.next.execute(command);
		}
		OUTERMOST.set(command);
		try {
			for (int attempt = 1;; attempt++) {
				try {
					return this.next.execute(command);
				}
				catch (ReviewRuleViolation ex) {
					throw ex.isTaskEnded() ? lostRace(command, ex) : ex.toPublic();
				}
				catch (RuntimeException ex) {
					if (ex instanceof ReviewTaskException
							|| TASK_COMMANDS.stream().noneMatch((t) -> t.isInstance(command))) {
						throw ex;
					}
					if (attempt < ATTEMPTS && mayRunAgain(command, ex)) {
						continue;
					}
					throw lostRace(command, ex);
				}
			}
		}
		finally {
			OUTERMOST.remove();
		}
	}

	/**
	 * A call from Tasklist or the engine's REST API (no transaction of the service's
	 * around it) that collided with the engine's own work on the same process, or whose
	 * flush failed in the database, while its task is still open and nobody else holds
	 * it: the failure said nothing about the request, so it runs once more on the new
	 * state instead of answering a 409 or 500 the caller did not cause.
	 */
	private boolean mayRunAgain(Command<?> command, RuntimeException failure) {
		if (TransactionSynchronizationManager.isActualTransactionActive()
				|| failure instanceof TaskAlreadyClaimedException
				|| !(EngineTransactions.isCollision(failure) || failure instanceof ProcessEnginePersistenceException)) {
			return false;
		}
		String taskId = taskIdOf(command);
		Optional<Outcome> outcome = (taskId != null) ? outcomeOf(taskId) : Optional.empty();
		return outcome.filter(Outcome::open)
			.filter((task) -> task.assignee() == null || task.assignee().equals(currentUser()))
			.isPresent();
	}

	private RuntimeException lostRace(Command<?> command, RuntimeException failure) {
		if (failure instanceof TaskAlreadyClaimedException) {
			return new TaskConflictException("The consultation is claimed by another reviewer", failure);
		}
		boolean collision = EngineTransactions.isCollision(failure);
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			if (failure instanceof ReviewRuleViolation violation) {
				return violation.toPublic();
			}
			return collision ? new TaskConflictException("The review task changed meanwhile", failure, true) : failure;
		}
		String taskId = taskIdOf(command);
		Optional<Outcome> outcome = (taskId != null) ? outcomeOf(taskId) : Optional.empty();
		Optional<String> ended = outcome.map(Outcome::consultationState).filter((state) -> !"pending".equals(state));
		if (collision) {
			String assignee = outcome.map(Outcome::assignee).orElse(null);
			return new TaskConflictException(ended.map(ReviewCommandInterceptor::already)
				.orElse((assignee != null && !assignee.equals(currentUser()))
						? "The consultation is claimed by another reviewer"
						: "The review task changed meanwhile; try again"),
					failure);
		}
		RuntimeException unchanged = (failure instanceof ReviewRuleViolation violation) ? violation.toPublic()
				: failure;
		if (outcome.isEmpty()) {
			return (taskId != null) ? new TaskNotFoundException("There is no task with id " + taskId, failure)
					: unchanged;
		}
		if (outcome.get().open()) {
			// Whatever failed, it was not a rival: the task is still there to work on.
			return unchanged;
		}
		return new TaskConflictException(
				ended.map(ReviewCommandInterceptor::already).orElse("The review task has already ended"), failure);
	}

	private static String already(String state) {
		return "The consultation is already " + state;
	}

	/**
	 * The task as it is now, committed: open or ended, and the state of the consultation
	 * it belongs to.
	 */
	private Optional<Outcome> outcomeOf(String taskId) {
		return Optional.ofNullable(this.engine.getCommandExecutorTxRequired()
			.execute((CommandContext context) -> context.runWithoutAuthorization(() -> {
				TaskEntity open = context.getTaskManager().findTaskById(taskId);
				String processInstanceId;
				if (open != null) {
					processInstanceId = open.getProcessInstanceId();
				}
				else {
					HistoricTaskInstanceEntity ended = context.getHistoricTaskInstanceManager()
						.findHistoricTaskInstanceById(taskId);
					if (ended == null) {
						return null;
					}
					processInstanceId = ended.getProcessInstanceId();
				}
				HistoricProcessInstanceEntity process = (processInstanceId != null)
						? context.getHistoricProcessInstanceManager().findHistoricProcessInstance(processInstanceId)
						: null;
				String state = (process != null && process.getBusinessKey() != null)
						? this.policy.subjectOf(process.getBusinessKey()).map(ReviewPolicy.Subject::state).orElse(null)
						: null;
				return new Outcome(open != null, (open != null) ? open.getAssignee() : null, state);
			})));
	}

	private String currentUser() {
		Authentication current = this.engine.getIdentityService().getCurrentAuthentication();
		return (current != null) ? current.getUserId() : null;
	}

	/**
	 * The engine's task commands keep their task id in a field without a getter; the
	 * engine's last release (7.24) fixed their shape for good.
	 */
	private static String taskIdOf(Command<?> command) {
		for (Class<?> type = command.getClass(); type != Object.class; type = type.getSuperclass()) {
			for (String name : List.of("taskId", "entityId")) {
				try {
					Field field = type.getDeclaredField(name);
					field.setAccessible(true);
					Object value = field.get(command);
					return (value instanceof String id) ? id : null;
				}
				catch (NoSuchFieldException ex) {
					// not declared at this level
				}
				catch (ReflectiveOperationException | RuntimeException ex) {
					return null;
				}
			}
		}
		return null;
	}

	private record Outcome(boolean open, String assignee, String consultationState) {
	}

}
