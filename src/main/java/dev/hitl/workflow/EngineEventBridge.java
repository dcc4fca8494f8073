package dev.hitl.workflow;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.camunda.spin.plugin.variable.SpinValues;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Engine listeners that turn process progress into the workflow module's events. They run
 * inside the engine's command, so whatever listens commits or rolls back with the engine:
 * the engine's transaction is the outbox.
 */
class EngineEventBridge {

	static final int MAX_STRING_VARIABLE = 4_000;

	private static final ObjectMapper JSON = new ObjectMapper();

	private final ApplicationEventPublisher events;

	private final ReviewTaskDisplay display;

	EngineEventBridge(ApplicationEventPublisher events, ReviewTaskDisplay display) {
		this.events = events;
		this.display = display;
	}

	/** On create: copy what the review form shows into task-local variables. */
	void taskCreated(DelegateTask task) {
		consultationId(task).flatMap(this.display::detailsOf).ifPresent((details) -> {
			task.setVariableLocal(ProcessVariables.TITLE, details.title());
			task.setVariableLocal(ProcessVariables.DESCRIPTION, displayText(nullToEmpty(details.description())));
			task.setVariableLocal(ProcessVariables.RESPONSE_TYPE, details.responseType());
			task.setVariableLocal(ProcessVariables.OPTIONS, SpinValues.jsonValue(details.optionsJson()).create());
			task.setVariableLocal(ProcessVariables.CONTEXT_JSON, displayText(details.contextJson()));
			task.setVariableLocal(ProcessVariables.REVIEW_STATUS, nullToEmpty(details.reviewStatus()));
		});
	}

	/**
	 * On assignment and update: keep the read model's assignee in step (claim, unclaim).
	 */
	void taskAssigned(DelegateTask task) {
		consultationId(task).ifPresent((id) -> this.events
			.publishEvent(new ReviewTaskAssigned(id, task.getProcessInstanceId(), task.getAssignee())));
	}

	/**
	 * On complete: remember who answered and how. The answerer is the engine's
	 * authenticated user (set by the engine's REST API, Tasklist, or the service's own
	 * call), the channel what the service's code said it is; no variable counts. The
	 * answer itself is checked when the task's activity ends, because an exception there
	 * reaches the caller unwrapped (a task listener's would become a generic engine
	 * error) and so answers 400 on the REST API.
	 */
	void taskCompleted(DelegateTask task) {
		if (consultationId(task).isEmpty()) {
			return;
		}
		String by = currentUser(task).orElse(task.getAssignee());
		ReviewCommandSession.current().completions.put(task.getExecutionId(),
				new ReviewCommandSession.Completion(by, AnswerChannel.current()));
	}

	/**
	 * On a user task's end, unless a boundary event interrupted it: report the answer.
	 */
	void userTaskEnded(DelegateExecution execution) {
		userTaskEnded(execution, false);
	}

	/**
	 * On the end of a task of a multi-instance review: the answer is recorded, and the
	 * review's own end (when the model's completion condition holds) concludes it.
	 */
	void loopTaskEnded(DelegateExecution execution) {
		userTaskEnded(execution, true);
	}

	/** On the end of a multi-instance review, unless a boundary event interrupted it. */
	void reviewLoopEnded(DelegateExecution execution) {
		ReviewTaskCompleted last = ReviewCommandSession.current().loopAnswers.remove(execution.getProcessInstanceId());
		if (last != null && !execution.isCanceled()) {
			publishAnswer(last.concluded());
		}
	}

	private void userTaskEnded(DelegateExecution execution, boolean inLoop) {
		Optional<String> consultationId = consultationId(execution);
		ReviewCommandSession.Completion completion = ReviewCommandSession.current().completions
			.remove(execution.getId());
		if (consultationId.isEmpty() || execution.isCanceled() || completion == null) {
			return;
		}
		String declared = answer(execution, ProcessVariables.CONSULTATION_ID);
		if (declared != null && !declared.equals(consultationId.get())) {
			throw new FormFieldValidationException(ProcessVariables.CONSULTATION_ID,
					"Variable 'consultationId' is the service's and cannot be changed");
		}
		ReviewTaskCompleted completed = new ReviewTaskCompleted(consultationId.get(), execution.getProcessInstanceId(),
				completion.respondedBy(), completion.channel(), answer(execution, ProcessVariables.DECISION),
				answer(execution, ProcessVariables.CHOICE), answer(execution, ProcessVariables.TEXT),
				answer(execution, ProcessVariables.COMMENT),
				inLoop ? ReviewTaskCompleted.Step.LOOP_ANSWERED : ReviewTaskCompleted.Step.ANSWERED);
		publishAnswer(completed);
		if (inLoop) {
			ReviewCommandSession.current().loopAnswers.put(execution.getProcessInstanceId(), completed);
		}
	}

	private void publishAnswer(ReviewTaskCompleted completed) {
		try {
			this.events.publishEvent(completed);
		}
		catch (AnswerRefusedException ex) {
			// Without a cause: the engine then never hands it to a process's error
			// events.
			throw new FormFieldValidationException("answer", ex.getMessage());
		}
		catch (TaskConflictException ex) {
			throw ReviewRuleViolation.conflict(ex.getMessage());
		}
	}

	/** On an interrupting timer boundary event of a plain user task. */
	void reviewTimedOut(DelegateExecution execution) {
		consultationId(execution).ifPresent(
				(id) -> this.events.publishEvent(new ReviewTimedOut(id, execution.getProcessInstanceId(), null, null)));
	}

	/**
	 * On the end of an escalation throw event with one of the service's codes: the
	 * consultation times out (with the event's own {@code decision} or {@code choice}, if
	 * the model mapped one onto it) or escalates.
	 */
	void escalationThrown(DelegateExecution execution, String escalationCode) {
		consultationId(execution).ifPresent((id) -> {
			if (ProcessVariables.ESCALATION_TIMED_OUT.equals(escalationCode)) {
				this.events.publishEvent(new ReviewTimedOut(id, execution.getProcessInstanceId(),
						localString(execution, ProcessVariables.DECISION),
						localString(execution, ProcessVariables.CHOICE)));
			}
			else if (ProcessVariables.ESCALATION_ESCALATED.equals(escalationCode)) {
				this.events.publishEvent(new ReviewEscalated(id, execution.getProcessInstanceId()));
			}
		});
	}

	private static String localString(DelegateExecution execution, String name) {
		Object value = execution.getVariableLocal(name);
		return (value instanceof String text && !text.isBlank()) ? text : null;
	}

	/** On the end of a process instance, normal or deleted. */
	void processEnded(DelegateExecution execution) {
		consultationId(execution).ifPresent((id) -> this.events.publishEvent(new ConsultationProcessEnded(id,
				execution.getProcessInstanceId(), ((ExecutionEntity) execution).getProcessDefinition().getKey())));
	}

	/**
	 * An answer variable as the plain string it must be. Read without deserializing: an
	 * object variable a reviewer set (any type, any format) is refused, never
	 * instantiated.
	 */
	private static String answer(DelegateExecution execution, String name) {
		TypedValue value = execution.getVariableTyped(name, false);
		if (value == null || ValueType.NULL.equals(value.getType())) {
			return null;
		}
		if (ValueType.STRING.equals(value.getType())) {
			return (String) value.getValue();
		}
		throw new FormFieldValidationException(name, "Variable '" + name + "' must be a string");
	}

	/**
	 * The consultation a process belongs to is its business key, set when the process is
	 * started and not changeable by reviewers, unlike variables, which anyone who may
	 * work a task can set.
	 */
	private static Optional<String> consultationId(DelegateTask task) {
		return consultationId(task.getExecution());
	}

	private static Optional<String> consultationId(DelegateExecution execution) {
		return (execution != null) ? Optional.ofNullable(execution.getProcessBusinessKey()) : Optional.empty();
	}

	private static Optional<String> currentUser(DelegateTask task) {
		Authentication current = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
		return Optional.ofNullable(current).map(Authentication::getUserId);
	}

	/**
	 * The engine keeps a string variable in a column of 4,000 characters; a longer text
	 * (a description may have 10,000, a context 64 KiB) travels as a JSON string, which
	 * the engine keeps as bytes and Tasklist's forms read back as the same text.
	 */
	static TypedValue displayText(String value) {
		if (value == null || value.length() <= MAX_STRING_VARIABLE) {
			return Variables.stringValue(value);
		}
		try {
			return SpinValues.jsonValue(JSON.writeValueAsString(value)).create();
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

}
