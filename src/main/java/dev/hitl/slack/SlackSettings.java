package dev.hitl.slack;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hitl.slack.*}: the Slack channel is on when both the bot token and the signing
 * secret are set.
 *
 * @param botToken {@code HITL_SLACK_BOT_TOKEN}, the app's {@code xoxb-} token
 * @param signingSecret {@code HITL_SLACK_SIGNING_SECRET}, signs interaction requests
 * @param apiUrl {@code HITL_SLACK_API_URL}, Slack's Web API
 * @param retrySchedule waits between attempts when Slack failed; its length is the number
 * of retries before an incident (a 429's {@code Retry-After} lengthens a wait)
 * @param lockDuration how long a fetched sendSlack task stays locked to one worker
 */
@ConfigurationProperties("hitl.slack")
record SlackSettings(String botToken, String signingSecret, @DefaultValue("https://slack.com/api") String apiUrl,
		@DefaultValue( {
				"PT10S", "PT1M", "PT5M", "PT30M" }) List<Duration> retrySchedule,
		@DefaultValue("PT2M") Duration lockDuration){

	boolean enabled() {
		return this.botToken != null && !this.botToken.isBlank() && this.signingSecret != null
				&& !this.signingSecret.isBlank();
	}

	/** The SDK appends the method name to this prefix. */
	String methodsPrefix() {
		return this.apiUrl.endsWith("/") ? this.apiUrl : this.apiUrl + "/";
	}

	@Override
	public String toString() {
		return "SlackSettings[enabled=" + enabled() + ", apiUrl=" + this.apiUrl + "]";
	}

}
