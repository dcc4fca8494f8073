package dev.hitl.workflow;

/**
 * A reviewer completed the review task, through any channel. Published inside the
 * engine's transaction: a listener that throws {@link AnswerRefusedException} keeps the
 * task open.
 */
public record ReviewTaskCompleted(String consultationId, String processInstanceId, String respondedBy, String channel,
		String decision, String choice, String text, String comment) {
}
