package dev.hitl.consultation;

import java.util.ArrayList;
import java.util.List;

import dev.hitl.consultation.Consultation.Approval;

/**
 * The review policies as a reviewer reads them, wherever they answer: the stage, the
 * approvals so far and how many are needed, and who asked.
 */
public final class ReviewStatus {

	private ReviewStatus() {
	}

	/**
	 * E.g. "Escalated review · 1 of 2 approvals (rita) · requested by bob"; empty if
	 * plain.
	 */
	public static String of(Consultation c) {
		List<String> parts = new ArrayList<>();
		if (c.escalatedAt() != null) {
			parts.add("Escalated review");
		}
		if (c.approvalsRequired() > 1) {
			List<String> approvers = approvals(c).stream()
				.filter((approval) -> "approved".equals(approval.decision()))
				.map(Approval::user)
				.toList();
			parts.add(approvers.size() + " of " + c.approvalsRequired() + " approvals"
					+ (approvers.isEmpty() ? "" : " (" + String.join(", ", approvers) + ")")
					+ ", each from another reviewer");
		}
		if (c.requestedBy() != null) {
			parts.add("requested by " + c.requestedBy() + ", who cannot answer it");
		}
		return String.join(" · ", parts);
	}

	static List<Approval> approvals(Consultation c) {
		return (c.response() != null && c.response().approvals() != null) ? c.response().approvals() : List.of();
	}

}
