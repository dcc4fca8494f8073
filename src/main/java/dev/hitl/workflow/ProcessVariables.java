package dev.hitl.workflow;

import java.util.Set;

/**
 * Names shared by the BPMN files in {@code processes/}, the engine listeners and the
 * tests: the process contract of ARCHITECTURE section 6.
 */
public final class ProcessVariables {

	public static final String DEFAULT_PROCESS = "consultation";

	/**
	 * The service's own process that delivers a consultation's end once its process is
	 * gone; not one agents may pick.
	 */
	public static final String END_DELIVERY_PROCESS = "consultationEndDelivery";

	public static final String CONSULTATION_ID = "consultationId";

	public static final String TIMEOUT = "timeout";

	public static final String REVIEWER_GROUPS = "reviewerGroups";

	public static final String REVIEWER_USERS = "reviewerUsers";

	public static final String PRIORITY = "priority";

	/**
	 * {@code expire}, {@code decide} or {@code escalate}: the gateway after the review
	 * timer.
	 */
	public static final String ON_TIMEOUT = "onTimeout";

	/** The default decision ({@code approved}/{@code rejected}) or null. */
	public static final String TIMEOUT_DECISION = "timeoutDecision";

	/** The default option value or null. */
	public static final String TIMEOUT_CHOICE = "timeoutChoice";

	public static final String ESCALATION_GROUPS = "escalationGroups";

	public static final String ESCALATION_USERS = "escalationUsers";

	/** ISO-8601 duration of the escalated stage, or null. */
	public static final String ESCALATION_TIMEOUT = "escalationTimeout";

	/** List of ISO-8601 durations after creation. */
	public static final String REMINDERS = "reminders";

	public static final String APPROVALS_REQUIRED = "approvalsRequired";

	/** Approvals given so far, counted by the review tasks' output mapping. */
	public static final String APPROVAL_COUNT = "approvalCount";

	/**
	 * Escalation code of a throw event that ends the consultation {@code timed_out}; its
	 * local {@code decision} or {@code choice}, if set, is the default decision recorded.
	 */
	public static final String ESCALATION_TIMED_OUT = "consultation.timed_out";

	/**
	 * Escalation code of a throw event that escalates the review: the consultation's
	 * escalation reviewers are added and its deadline moves on.
	 */
	public static final String ESCALATION_ESCALATED = "consultation.escalated";

	public static final String DECISION = "decision";

	public static final String CHOICE = "choice";

	public static final String TEXT = "text";

	public static final String COMMENT = "comment";

	public static final String EVENT_TYPE = "eventType";

	public static final String TEMPLATE = "template";

	public static final String TOPIC_DELIVER_WEBHOOK = "deliverWebhook";

	public static final String TOPIC_SEND_EMAIL = "sendEmail";

	/** Direct messages to reviewers on Slack; completes at once when Slack is off. */
	public static final String TOPIC_SEND_SLACK = "sendSlack";

	/**
	 * Start variable, boolean: the starting node has Slack configured, so the process
	 * messages the reviewers there; missing or false, the Slack branch ends at once.
	 */
	public static final String SLACK = "slack";

	public static final String MESSAGE_CANCELLED = "ConsultationCancelled";

	/** Task-local variables the review form reads in Tasklist. */
	public static final String TITLE = "title";

	public static final String DESCRIPTION = "description";

	public static final String RESPONSE_TYPE = "responseType";

	public static final String OPTIONS = "options";

	public static final String CONTEXT_JSON = "contextJson";

	/** The review's stage, approvals so far and needed, and who asked, in words. */
	public static final String REVIEW_STATUS = "reviewStatus";

	/** What the review form shows; reviewers cannot change them. */
	static final Set<String> DISPLAY = Set.of(TITLE, DESCRIPTION, RESPONSE_TYPE, OPTIONS, CONTEXT_JSON, REVIEW_STATUS);

	/**
	 * Set by the service when it starts a process; a review that changed them could
	 * redirect deliveries to another consultation or route later tasks elsewhere.
	 */
	static final Set<String> START = Set.of(CONSULTATION_ID, TIMEOUT, REVIEWER_GROUPS, REVIEWER_USERS, PRIORITY,
			ON_TIMEOUT, TIMEOUT_DECISION, TIMEOUT_CHOICE, ESCALATION_GROUPS, ESCALATION_USERS, ESCALATION_TIMEOUT,
			REMINDERS, APPROVALS_REQUIRED, APPROVAL_COUNT);

	/** Names the service keeps for itself; no caller may set a variable named so. */
	static final String RESERVED_PREFIX = "hitl";

	static boolean isReserved(String name) {
		return name != null && name.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length());
	}

	private ProcessVariables() {
	}

}
