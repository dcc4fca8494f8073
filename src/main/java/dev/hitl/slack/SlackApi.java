package dev.hitl.slack;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;

import org.springframework.stereotype.Component;

/**
 * The Slack Web API calls the channel makes, with the Slack SDK for Java against
 * {@code HITL_SLACK_API_URL}. Slack's errors become a {@link SlackFailure}; a 429 carries
 * its {@code Retry-After}. Nothing here logs a token or a message.
 */
@Component
class SlackApi {

	private final SlackSettings settings;

	private final MethodsClient methods;

	SlackApi(SlackSettings settings) {
		this.settings = settings;
		SlackConfig config = new SlackConfig();
		config.setMethodsEndpointUrlPrefix(settings.methodsPrefix());
		config.setPrettyResponseLoggingEnabled(false);
		// No per-team call statistics: they would cost an auth.test call first.
		config.getMethodsConfig().setStatsEnabled(false);
		this.methods = Slack.getInstance(config).methods(settings.botToken());
	}

	boolean enabled() {
		return this.settings.enabled();
	}

	/** The Slack user id of that email address, or empty when Slack knows none. */
	Optional<String> userIdByEmail(String email) {
		var response = call(() -> this.methods.usersLookupByEmail((request) -> request.email(email)));
		if ("users_not_found".equals(response.getError())) {
			return Optional.empty();
		}
		ok(response);
		return Optional.of(response.getUser().getId());
	}

	/** The email address on a Slack user's profile, if any. */
	Optional<String> emailOf(String slackUserId) {
		var response = call(() -> this.methods.usersInfo((request) -> request.user(slackUserId)));
		if ("user_not_found".equals(response.getError())) {
			return Optional.empty();
		}
		ok(response);
		return Optional.ofNullable(response.getUser().getProfile()).map((profile) -> profile.getEmail());
	}

	/** Sends a direct message; returns where it went (channel, ts). */
	Posted postDirect(String slackUserId, String text, String blocks) {
		var opened = ok(call(() -> this.methods.conversationsOpen((request) -> request.users(List.of(slackUserId)))));
		String channel = opened.getChannel().getId();
		var posted = ok(call(() -> this.methods
			.chatPostMessage((request) -> request.channel(channel).text(text).blocksAsString(blocks))));
		return new Posted(posted.getChannel(), posted.getTs());
	}

	void update(String channel, String ts, String text, String blocks) {
		var response = call(() -> this.methods
			.chatUpdate((request) -> request.channel(channel).ts(ts).text(text).blocksAsString(blocks)));
		if ("message_not_found".equals(response.getError()) || "channel_not_found".equals(response.getError())) {
			return;
		}
		ok(response);
	}

	void postEphemeral(String channel, String slackUserId, String text) {
		ok(call(() -> this.methods
			.chatPostEphemeral((request) -> request.channel(channel).user(slackUserId).text(text))));
	}

	void openView(String triggerId, String view) {
		ok(call(() -> this.methods.viewsOpen((request) -> request.triggerId(triggerId).viewAsString(view))));
	}

	record Posted(String channel, String ts) {
	}

	private static <T extends SlackApiTextResponse> T ok(T response) {
		if (!response.isOk()) {
			throw new SlackFailure("Slack answered " + response.getError(), null);
		}
		return response;
	}

	private static <T> T call(Call<T> call) {
		try {
			return call.run();
		}
		catch (SlackApiException ex) {
			int status = ex.getResponse().code();
			Duration retryAfter = null;
			if (status == 429) {
				retryAfter = parseRetryAfter(ex.getResponse().header("Retry-After"));
			}
			throw new SlackFailure("Slack answered HTTP " + status, retryAfter);
		}
		catch (IOException ex) {
			throw new SlackFailure("Slack unreachable: " + ex.getClass().getSimpleName(), null);
		}
	}

	static Duration parseRetryAfter(String value) {
		try {
			long seconds = Long.parseLong((value != null) ? value.trim() : "");
			return Duration.ofSeconds(Math.max(1, Math.min(seconds, 86_400)));
		}
		catch (NumberFormatException ex) {
			return Duration.ofSeconds(30);
		}
	}

	@FunctionalInterface
	private interface Call<T> {

		T run() throws IOException, SlackApiException;

	}

	/**
	 * A Slack call that did not succeed; {@code retryAfter} when Slack rate limited it.
	 */
	static final class SlackFailure extends RuntimeException {

		private final transient Duration retryAfter;

		SlackFailure(String message, Duration retryAfter) {
			super(message);
			this.retryAfter = retryAfter;
		}

		Duration retryAfter() {
			return this.retryAfter;
		}

	}

}
