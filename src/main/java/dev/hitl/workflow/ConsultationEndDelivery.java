package dev.hitl.workflow;

import java.util.function.Supplier;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.variable.Variables;

import org.springframework.stereotype.Service;

/**
 * Delivers the webhook of how a consultation ended when its own process can no longer do
 * it: it was deleted (Cockpit, the engine's REST API), or it ended without delivering (a
 * designer's process with no webhook task, or a cancel that deleted a process without a
 * cancellation path). A small process of its own ({@code processes/}) sends it with the
 * usual worker, retries, incident and redelivery, and the same {@code webhook-id} the
 * consultation's own process would have used.
 */
@Service
public class ConsultationEndDelivery {

	private final RuntimeService runtime;

	ConsultationEndDelivery(RuntimeService runtime) {
		this.runtime = runtime;
	}

	/**
	 * Starts the delivery in the caller's transaction. It is the service's own step, not
	 * the caller's: a reviewer whose answer ends a designer's process may not start
	 * processes, and must not need to.
	 * @param eventType e.g. {@code consultation.cancelled}
	 * @return its process instance id, which now speaks for the consultation
	 */
	public String start(String consultationId, String eventType) {
		return withoutAuthorizationChecks(() -> this.runtime
			.startProcessInstanceByKey(ProcessVariables.END_DELIVERY_PROCESS, consultationId,
					Variables.createVariables()
						.putValue(ProcessVariables.CONSULTATION_ID, consultationId)
						.putValue(ProcessVariables.EVENT_TYPE, eventType))
			.getId());
	}

	/**
	 * Runs the engine call in the engine command already under way (it is reused by
	 * nested calls) with its authorization checks off, and turns them back on after.
	 */
	private static <T> T withoutAuthorizationChecks(Supplier<T> call) {
		CommandContext context = Context.getCommandContext();
		if (context == null || !context.isAuthorizationCheckEnabled()) {
			return call.get();
		}
		context.disableAuthorizationCheck();
		try {
			return call.get();
		}
		finally {
			context.enableAuthorizationCheck();
		}
	}

	/** Whether this process is such a delivery, rather than a consultation's own. */
	public static boolean isEndDelivery(String processKey) {
		return ProcessVariables.END_DELIVERY_PROCESS.equals(processKey);
	}

}
