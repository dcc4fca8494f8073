package dev.hitl.workflow;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;

/**
 * The review policies a consultation asks for, as the start variables the process's
 * timers, gateways and multi-instance tasks read (processes/README.md). The flow itself
 * is the model's.
 */
public record ProcessPolicy(String onTimeout, String timeoutDecision, String timeoutChoice,
		List<String> escalationGroups, List<String> escalationUsers, String escalationTimeout, List<String> reminders,
		int approvalsRequired) {

	public static final ProcessPolicy EXPIRE = new ProcessPolicy("expire", null, null, List.of(), List.of(), null,
			List.of(), 1);

	public VariableMap variables() {
		// ArrayList: its type name is among the few the engine deserializes.
		return Variables.createVariables()
			.putValue(ProcessVariables.ON_TIMEOUT, this.onTimeout)
			.putValue(ProcessVariables.TIMEOUT_DECISION, this.timeoutDecision)
			.putValue(ProcessVariables.TIMEOUT_CHOICE, this.timeoutChoice)
			.putValue(ProcessVariables.ESCALATION_GROUPS, new ArrayList<>(this.escalationGroups))
			.putValue(ProcessVariables.ESCALATION_USERS, new ArrayList<>(this.escalationUsers))
			.putValue(ProcessVariables.ESCALATION_TIMEOUT, this.escalationTimeout)
			.putValue(ProcessVariables.REMINDERS, new ArrayList<>(this.reminders))
			.putValue(ProcessVariables.APPROVALS_REQUIRED, this.approvalsRequired)
			.putValue(ProcessVariables.APPROVAL_COUNT, 0);
	}

}
