package dev.hitl.consultation;

import java.util.UUID;

/**
 * A reviewer approved (or rejected) a consultation whose review needs several approvals,
 * and the review goes on; published in the engine's transaction that completes the task.
 */
public record ConsultationApproved(UUID consultationId, String user, String channel, String decision, int approvals,
		int approvalsRequired) {
}
