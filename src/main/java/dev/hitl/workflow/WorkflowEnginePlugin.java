package dev.hitl.workflow;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.xml.datatype.DatatypeFactory;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.MultiInstanceActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.behavior.ThrowEscalationEventActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.Escalation;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.CommandChecker;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.multitenancy.TenantCommandChecker;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Attaches the event bridge to every process the engine parses, so any BPMN file in
 * {@code processes/} keeps the consultation's state in step with no wiring in the model;
 * hashes passwords with Argon2id while still accepting Camunda's SHA-512 hashes until
 * their next login.
 */
@Component
class WorkflowEnginePlugin extends AbstractProcessEnginePlugin {

	private final EngineEventBridge bridge;

	private final ApplicationEventPublisher events;

	private final ReviewPolicy policy;

	WorkflowEnginePlugin(ApplicationEventPublisher events, @Lazy ReviewTaskDisplay display, @Lazy ReviewPolicy policy) {
		this.bridge = new EngineEventBridge(events, display);
		this.events = events;
		this.policy = policy;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		// The engine asks for a new DatatypeFactory each time it schedules a timer;
		// without
		// this property the JDK looks it up through every jar of the class path first
		// (5 % of the CPU a consultation's creation takes, measured with bench/).
		if (System.getProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY) == null) {
			System.setProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY,
					DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS);
		}
		// The engine's password manager always keeps checkers for its SHA hashes.
		configuration.setPasswordEncryptor(new Argon2PasswordEncryptor());
		configuration.setIdentityProviderSessionFactory(
				new IdentityProviderFactory(this.events, new VerifiedPasswords(Duration.ofMinutes(5), 10_000)));
		List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners();
		if (listeners == null) {
			listeners = new ArrayList<>();
			configuration.setCustomPostBPMNParseListeners(listeners);
		}
		listeners.add(new ConsultationParseListener());
		reviewRules(configuration);
	}

	/**
	 * The review rules, on every channel: the engine's checks before a task command, its
	 * grants when a task changes hands, and around each command the translation of their
	 * refusals and of lost races.
	 */
	private void reviewRules(ProcessEngineConfigurationImpl configuration) {
		ReviewRules rules = new ReviewRules(this.policy);
		configuration.setResourceAuthorizationProvider(new ReviewAuthorizationProvider(rules));
		List<CommandChecker> checkers = new ArrayList<>();
		checkers.add(new TenantCommandChecker());
		checkers.add(new ReviewTaskChecker(rules));
		configuration.setCommandCheckers(checkers);
		List<CommandInterceptor> interceptors = new ArrayList<>();
		if (configuration.getCustomPreCommandInterceptorsTxRequired() != null) {
			interceptors.addAll(configuration.getCustomPreCommandInterceptorsTxRequired());
		}
		interceptors.add(new ReviewCommandInterceptor(configuration, this.policy));
		configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
		List<SessionFactory> sessions = new ArrayList<>();
		if (configuration.getCustomSessionFactories() != null) {
			sessions.addAll(configuration.getCustomSessionFactories());
		}
		sessions.add(new ReviewCommandSession.Factory());
		configuration.setCustomSessionFactories(sessions);
	}

	/**
	 * Engines starting together on one empty database take turns at creating the schema
	 * and its first rows, instead of both creating it and one failing.
	 */
	@Override
	public void postInit(ProcessEngineConfigurationImpl configuration) {
		configuration.setCommandExecutorSchemaOperations(new StartupLock(configuration.getDataSource())
			.around(configuration.getCommandExecutorSchemaOperations()));
	}

	/**
	 * The code of an escalation throw event; the engine keeps it in the behaviour without
	 * a getter.
	 */
	static String escalationCode(ActivityImpl activity) {
		if (!(activity.getActivityBehavior() instanceof ThrowEscalationEventActivityBehavior behavior)) {
			return null;
		}
		try {
			Field field = ThrowEscalationEventActivityBehavior.class.getDeclaredField("escalation");
			field.setAccessible(true);
			Escalation escalation = (Escalation) field.get(behavior);
			return (escalation != null) ? escalation.getEscalationCode() : null;
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot read the escalation code of " + activity.getId(), ex);
		}
	}

	private record IdentityProviderFactory(ApplicationEventPublisher events,
			VerifiedPasswords verified) implements SessionFactory {

		@Override
		public Class<?> getSessionType() {
			return HitlIdentityProvider.class;
		}

		@Override
		public Session openSession() {
			return new HitlIdentityProvider(this.events, this.verified);
		}

	}

	private final class ConsultationParseListener extends AbstractBpmnParseListener {

		@Override
		public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
			processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_END,
					(ExecutionListener) WorkflowEnginePlugin.this.bridge::processEnded);
		}

		@Override
		public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
			EngineEventBridge bridge = WorkflowEnginePlugin.this.bridge;
			TaskDefinition task = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
			task.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, bridge::taskCreated);
			task.addBuiltInTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, bridge::taskAssigned);
			task.addBuiltInTaskListener(TaskListener.EVENTNAME_UPDATE, bridge::taskAssigned);
			task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, bridge::taskCompleted);
			if (scope instanceof ActivityImpl body
					&& body.getActivityBehavior() instanceof MultiInstanceActivityBehavior) {
				// First: the answer's types are checked before any listener of the model
				// reads it.
				activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) bridge::loopTaskEnded,
						0);
				body.addBuiltInListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) bridge::reviewLoopEnded);
			}
			else {
				activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) bridge::userTaskEnded);
			}
		}

		@Override
		public void parseIntermediateThrowEvent(Element intermediateEventElement, ScopeImpl scope,
				ActivityImpl activity) {
			String code = escalationCode(activity);
			if (ProcessVariables.ESCALATION_TIMED_OUT.equals(code)
					|| ProcessVariables.ESCALATION_ESCALATED.equals(code)) {
				activity.addBuiltInListener(ExecutionListener.EVENTNAME_END,
						(ExecutionListener) (execution) -> WorkflowEnginePlugin.this.bridge.escalationThrown(execution,
								code));
			}
		}

		@Override
		public void parseBoundaryTimerEventDefinition(Element timerEventDefinition, boolean interrupting,
				ActivityImpl timerActivity) {
			if (interrupting && timerActivity.getEventScope() instanceof ActivityImpl attached
					&& attached.getActivityBehavior() instanceof UserTaskActivityBehavior) {
				timerActivity.addBuiltInListener(ExecutionListener.EVENTNAME_START,
						(ExecutionListener) WorkflowEnginePlugin.this.bridge::reviewTimedOut);
			}
		}

	}

}
