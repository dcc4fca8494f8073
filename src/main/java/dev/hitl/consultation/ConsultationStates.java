package dev.hitl.consultation;

import java.util.Set;

/** {@code pending} until it ends in one of the terminal states. */
public final class ConsultationStates {

	public static final Set<String> ALL = Set.of("pending", "responded", "timed_out", "cancelled");

	private ConsultationStates() {
	}

}
