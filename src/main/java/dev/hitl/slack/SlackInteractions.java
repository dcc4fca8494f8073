package dev.hitl.slack;

import java.util.Optional;
import java.util.UUID;

import dev.hitl.consultation.Answer;
import dev.hitl.delivery.ConsultationSnapshots;
import dev.hitl.delivery.ConsultationSnapshots.Snapshot;
import dev.hitl.review.ReviewActions;
import dev.hitl.security.Reviewer;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.NotOnWorkerNodes;
import dev.hitl.workflow.ReviewerDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What a verified click or modal submission does. The Slack user is mapped to a reviewer
 * by the email on their Slack profile at click time, and the answer goes through the same
 * {@link ReviewActions} as the portal, channel {@code slack}: every rule of the
 * consultation holds. Whoever may not answer (no account, not a reviewer, the person it
 * was requested for, too late) is told so privately, and nothing is recorded.
 */
@Component
@NotOnWorkerNodes
class SlackInteractions {

	static final String CHANNEL = "slack";

	static final String NO_ACCOUNT = "Your Slack email address matches no reviewer account, so your answer was not recorded.";

	private static final Logger log = LoggerFactory.getLogger(SlackInteractions.class);

	private final SlackApi slack;

	private final ConsultationSnapshots consultations;

	private final ReviewerDirectory reviewers;

	private final ReviewActions actions;

	SlackInteractions(SlackApi slack, ConsultationSnapshots consultations, ReviewerDirectory reviewers,
			ReviewActions actions) {
		this.slack = slack;
		this.consultations = consultations;
		this.reviewers = reviewers;
		this.actions = actions;
	}

	void handle(Interaction interaction) {
		try {
			if (Interaction.VIEW_SUBMISSION.equals(interaction.type())) {
				// private_metadata: consultationId|channel of the message
				String[] parts = interaction.value().split("\\|", 2);
				String channel = (parts.length == 2) ? parts[1] : null;
				answer(parts[0], channel, interaction.slackUser(), new Answer(null, null, interaction.text(), null));
				return;
			}
			String[] parts = interaction.value().split("\\|", 2);
			if (parts.length != 2) {
				return;
			}
			if (SlackBlocks.TEXT_ACTION.equals(interaction.actionId())) {
				openTextModal(parts[0], interaction);
			}
			else if (interaction.actionId().startsWith(SlackBlocks.ACTION_PREFIX)) {
				Optional<Snapshot> consultation = this.consultations.find(parts[0]);
				if (consultation.isPresent()) {
					Answer answer = "choice".equals(consultation.get().responseType())
							? new Answer(null, parts[1], null, null) : new Answer(parts[1], null, null, null);
					answer(parts[0], interaction.channel(), interaction.slackUser(), answer);
				}
			}
		}
		catch (SlackApi.SlackFailure ex) {
			log.info("A Slack interaction could not be handled: {}", ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.warn("A Slack interaction failed: {}", ex.getClass().getSimpleName());
		}
	}

	private void openTextModal(String consultationId, Interaction interaction) {
		Optional<Snapshot> consultation = this.consultations.find(consultationId);
		if (consultation.isEmpty() || interaction.triggerId() == null) {
			return;
		}
		if (!"pending".equals(consultation.get().state())) {
			tell(interaction.channel(), interaction.slackUser(),
					"This consultation has already ended (" + consultation.get().state() + ").");
			return;
		}
		String metadata = consultationId + "|" + ((interaction.channel() != null) ? interaction.channel() : "");
		this.slack.openView(interaction.triggerId(), SlackBlocks.textModal(consultation.get(), metadata));
	}

	private void answer(String consultationId, String channel, String slackUser, Answer answer) {
		UUID id;
		try {
			id = UUID.fromString(consultationId);
		}
		catch (IllegalArgumentException ex) {
			return;
		}
		Optional<ReviewerDirectory.Account> account = this.slack.emailOf(slackUser)
			.flatMap(this.reviewers::findByEmail);
		if (account.isEmpty()) {
			tell(channel, slackUser, NO_ACCOUNT);
			return;
		}
		try {
			var answered = this.actions.respond(Reviewer.of(account.get()), id, answer, CHANNEL);
			if (answered.isPending()) {
				tell(channel, slackUser, "Your approval is recorded; the consultation waits for more approvals.");
			}
		}
		catch (ApiProblem ex) {
			tell(channel, slackUser, refusal(ex));
		}
		catch (InvalidRequestException ex) {
			tell(channel, slackUser, "That answer does not fit this consultation, so it was not recorded.");
		}
	}

	private static String refusal(ApiProblem ex) {
		if (ex.status() == HttpStatus.NOT_FOUND) {
			return "You are not a reviewer of this consultation, so your answer was not recorded.";
		}
		if (ex.status() == HttpStatus.FORBIDDEN) {
			return "You may not answer this consultation: it was requested for you. Your answer was not recorded.";
		}
		return ex.getMessage() + ". Your answer was not recorded.";
	}

	private void tell(String channel, String slackUser, String text) {
		if (channel == null || channel.isEmpty()) {
			return;
		}
		this.slack.postEphemeral(channel, slackUser, text);
	}

}
