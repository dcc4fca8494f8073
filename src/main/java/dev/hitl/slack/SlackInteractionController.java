package dev.hitl.slack;

import java.io.IOException;
import java.time.Clock;

import dev.hitl.system.ApiProblem;
import dev.hitl.system.NotOnWorkerNodes;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /slack/interactions}, Slack's interactivity request URL. The signature and
 * its timestamp are checked on the raw body before anything is parsed, and each signature
 * is taken once; the work is then done off the request thread, since Slack wants its 200
 * within 3 seconds.
 */
@RestController
@NotOnWorkerNodes
class SlackInteractionController {

	private final SlackSettings settings;

	private final SeenSignatures seen;

	private final SlackInteractions interactions;

	private final SlackTasks tasks;

	private final Clock clock;

	SlackInteractionController(SlackSettings settings, SeenSignatures seen, SlackInteractions interactions,
			SlackTasks tasks, Clock clock) {
		this.settings = settings;
		this.seen = seen;
		this.interactions = interactions;
		this.tasks = tasks;
		this.clock = clock;
	}

	@PostMapping("/slack/interactions")
	ResponseEntity<Void> interact(HttpServletRequest request) throws IOException {
		if (!this.settings.enabled()) {
			throw new ApiProblem(HttpStatus.NOT_FOUND, "Slack is not configured");
		}
		byte[] body = request.getInputStream().readAllBytes();
		String signature = request.getHeader("X-Slack-Signature");
		if (!new SlackSignatures(this.settings.signingSecret()).isValid(request.getHeader("X-Slack-Request-Timestamp"),
				signature, body, this.clock.instant())) {
			throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Invalid or expired Slack signature");
		}
		if (!this.seen.firstSight(signature)) {
			throw new ApiProblem(HttpStatus.UNAUTHORIZED, "This Slack request was already received");
		}
		Interaction interaction = Interaction.parse(body)
			.orElseThrow(() -> new ApiProblem(HttpStatus.BAD_REQUEST, "Not a Slack interaction this service sent"));
		this.tasks.run(() -> this.interactions.handle(interaction));
		return ResponseEntity.ok().build();
	}

}
