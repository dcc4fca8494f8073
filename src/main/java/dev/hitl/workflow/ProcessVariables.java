package dev.hitl.workflow;

/**
 * Names shared by the BPMN files in {@code processes/}, the engine listeners and the
 * tests: the process contract of ARCHITECTURE section 6.
 */
public final class ProcessVariables {

	public static final String DEFAULT_PROCESS = "consultation";

	public static final String CONSULTATION_ID = "consultationId";

	public static final String TIMEOUT = "timeout";

	public static final String REVIEWER_GROUPS = "reviewerGroups";

	public static final String REVIEWER_USERS = "reviewerUsers";

	public static final String PRIORITY = "priority";

	public static final String DECISION = "decision";

	public static final String CHOICE = "choice";

	public static final String TEXT = "text";

	public static final String COMMENT = "comment";

	public static final String EVENT_TYPE = "eventType";

	public static final String TEMPLATE = "template";

	public static final String TOPIC_DELIVER_WEBHOOK = "deliverWebhook";

	public static final String TOPIC_SEND_EMAIL = "sendEmail";

	public static final String MESSAGE_CANCELLED = "ConsultationCancelled";

	/** Task-local variables the review form reads in Tasklist. */
	public static final String TITLE = "title";

	public static final String DESCRIPTION = "description";

	public static final String RESPONSE_TYPE = "responseType";

	public static final String OPTIONS = "options";

	public static final String CONTEXT_JSON = "contextJson";

	/**
	 * Transient: who answered and through which channel, when our own API completes a
	 * task.
	 */
	static final String RESPONDED_BY = "hitlRespondedBy";

	static final String CHANNEL = "hitlChannel";

	private ProcessVariables() {
	}

}
