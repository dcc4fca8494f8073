package dev.hitl.slack;

import dev.hitl.workflow.ReviewerChannels;

import org.springframework.stereotype.Component;

/** Tells each new consultation's process whether this node has Slack configured. */
@Component
class SlackChannel implements ReviewerChannels {

	private final SlackSettings settings;

	SlackChannel(SlackSettings settings) {
		this.settings = settings;
	}

	@Override
	public boolean slack() {
		return this.settings.enabled();
	}

}
