package dev.hitl.workflow;

/**
 * The review's deadline passed before anyone answered, and the process ended the
 * consultation for it: with the default {@code decision} or {@code choice} the process
 * recorded, or with none (it expired).
 */
public record ReviewTimedOut(String consultationId, String processInstanceId, String decision, String choice) {

	public boolean decided() {
		return this.decision != null || this.choice != null;
	}

}
