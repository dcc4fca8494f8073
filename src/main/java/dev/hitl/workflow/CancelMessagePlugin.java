package dev.hitl.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.EventSubscriptionDeclaration;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Reports every catch of the {@code ConsultationCancelled} message (an interrupting
 * boundary event or an intermediate catch event) inside the correlating command, so the
 * consultation reads {@code cancelled} in the same transaction as the process moves on to
 * deliver the cancellation, whoever sent the message.
 */
@Component
class CancelMessagePlugin extends AbstractProcessEnginePlugin {

	private final ApplicationEventPublisher events;

	CancelMessagePlugin(ApplicationEventPublisher events) {
		this.events = events;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners();
		if (listeners == null) {
			listeners = new ArrayList<>();
			configuration.setCustomPostBPMNParseListeners(listeners);
		}
		listeners.add(new CancelMessageParseListener());
	}

	private void received(DelegateExecution execution) {
		String consultationId = execution.getProcessBusinessKey();
		// A catch event also ends when the process leaves it another way (an event-based
		// gateway's timer, a deletion): that is no cancellation.
		if (consultationId != null && !execution.isCanceled()) {
			this.events.publishEvent(new CancelMessageReceived(consultationId, execution.getProcessInstanceId()));
		}
	}

	private static boolean catchesCancelMessage(ActivityImpl activity) {
		Map<String, EventSubscriptionDeclaration> declarations = EventSubscriptionDeclaration
			.getDeclarationsForScope(activity.getEventScope());
		EventSubscriptionDeclaration declaration = declarations.get(activity.getId());
		return declaration != null && declaration.isEventNameLiteralText()
				&& ProcessVariables.MESSAGE_CANCELLED.equals(declaration.getUnresolvedEventName());
	}

	private final class CancelMessageParseListener extends AbstractBpmnParseListener {

		@Override
		public void parseBoundaryMessageEventDefinition(Element definition, boolean interrupting,
				ActivityImpl activity) {
			if (interrupting && catchesCancelMessage(activity)) {
				// The boundary event starts when the message arrives.
				activity.addBuiltInListener(ExecutionListener.EVENTNAME_START,
						(ExecutionListener) CancelMessagePlugin.this::received);
			}
		}

		@Override
		public void parseIntermediateMessageCatchEventDefinition(Element definition, ActivityImpl activity) {
			if (catchesCancelMessage(activity)) {
				// The catch event starts when the token reaches it and ends when the
				// message arrives.
				activity.addBuiltInListener(ExecutionListener.EVENTNAME_END,
						(ExecutionListener) CancelMessagePlugin.this::received);
			}
		}

	}

}
