package dev.hitl.slack;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.hitl.delivery.ConsultationSnapshots;
import dev.hitl.delivery.ConsultationSnapshots.Snapshot;
import dev.hitl.system.PublicUrl;
import dev.hitl.workflow.ProcessVariables;
import dev.hitl.workflow.ReviewerDirectory;
import dev.hitl.workflow.TopicWorker;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Topic {@code sendSlack}: a direct message with answer buttons to each candidate
 * reviewer whose email Slack knows, except the person it was requested for and those who
 * already approved. Each sent message is recorded ({@link SlackMessages}) before the
 * next, so a retried task sends only to those who have none yet. When Slack is off, or
 * the consultation has ended, the task completes at once. A 429 retries after Slack's
 * {@code Retry-After}.
 */
@Component
class SlackWorker implements TopicWorker {

	private static final Logger log = LoggerFactory.getLogger(SlackWorker.class);

	static final int MAX_RECIPIENTS = 500;

	private final SlackApi slack;

	private final SlackSettings settings;

	private final ConsultationSnapshots consultations;

	private final ReviewerDirectory reviewers;

	private final SlackMessages messages;

	private final SlackEndings endings;

	private final PublicUrl publicUrl;

	SlackWorker(SlackApi slack, SlackSettings settings, ConsultationSnapshots consultations,
			ReviewerDirectory reviewers, SlackMessages messages, SlackEndings endings, PublicUrl publicUrl) {
		this.slack = slack;
		this.settings = settings;
		this.consultations = consultations;
		this.reviewers = reviewers;
		this.messages = messages;
		this.endings = endings;
		this.publicUrl = publicUrl;
	}

	@Override
	public String topic() {
		return ProcessVariables.TOPIC_SEND_SLACK;
	}

	/** Only a node with Slack configured fetches these tasks. */
	@Override
	public boolean enabled() {
		return this.slack.enabled();
	}

	@Override
	public List<String> variables() {
		return List.of(ProcessVariables.CONSULTATION_ID);
	}

	@Override
	public Duration lockDuration() {
		return this.settings.lockDuration();
	}

	@Override
	public WorkResult work(WorkItem item) {
		if (!this.slack.enabled() || item.businessKey() == null) {
			return WorkResult.completed();
		}
		Optional<Snapshot> found = this.consultations.find(item.businessKey())
			.filter((snapshot) -> item.processInstanceId().equals(snapshot.processInstanceId()));
		if (found.isEmpty() || !"pending".equals(found.get().state())) {
			return WorkResult.completed();
		}
		Snapshot consultation = found.get();
		UUID id = UUID.fromString(consultation.id());
		Set<String> sent = this.messages.sentTo(id);
		Set<String> skip = cannotAnswer(consultation);
		String link = this.publicUrl.link("/consultations/" + consultation.id());
		String blocks = SlackBlocks.request(consultation, link);
		ReviewerDirectory.Recipients recipients = this.reviewers.emailsOf(consultation.reviewerGroups(),
				consultation.reviewerUsers(), MAX_RECIPIENTS);
		try {
			for (ReviewerDirectory.Recipient to : recipients.recipients()) {
				if (sent.contains(to.userId()) || skip.contains(to.userId())) {
					continue;
				}
				Optional<String> slackUser = this.slack.userIdByEmail(to.email());
				if (slackUser.isEmpty()) {
					continue;
				}
				SlackApi.Posted posted = this.slack.postDirect(slackUser.get(), SlackBlocks.fallback(consultation),
						blocks);
				this.messages.record(id, to.userId(), posted.channel(), posted.ts());
			}
		}
		catch (SlackApi.SlackFailure ex) {
			log.info("Slack messages for consultation {} failed: {}", consultation.id(), ex.getMessage());
			if (ex.retryAfter() != null) {
				// Rate limited: wait as long as Slack asks, without using up a retry.
				int retries = (item.retriesLeft() != null) ? item.retriesLeft() : this.settings.retrySchedule().size();
				return WorkResult.retry(ex.getMessage(), retries, ex.retryAfter());
			}
			return TopicWorker.failure(ex.getMessage(), item.retriesLeft(), this.settings.retrySchedule(),
					ex.retryAfter());
		}
		// It may have ended while the messages went out, after its end marked those
		// already recorded: the rest are marked now.
		this.consultations.find(consultation.id())
			.filter((now) -> !"pending".equals(now.state()))
			.ifPresent((now) -> this.endings.ended(id, now.state()));
		return WorkResult.completed();
	}

	private static Set<String> cannotAnswer(Snapshot consultation) {
		Set<String> users = new HashSet<>();
		JsonNode resource = consultation.resource();
		if (resource.path("requested_by").isTextual()) {
			users.add(resource.path("requested_by").asText());
		}
		for (JsonNode approval : resource.path("response").path("approvals")) {
			users.add(approval.path("user").asText());
		}
		return users;
	}

}
