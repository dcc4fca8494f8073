package dev.hitl.workflow;

/**
 * The optional channels this node can reach reviewers on, read when a consultation starts
 * so that its process takes only the branches this installation has.
 */
public interface ReviewerChannels {

	/** Slack is configured: the process messages the reviewers there. */
	boolean slack();

}
