package dev.hitl.delivery.email;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.hitl.delivery.ConsultationSnapshots;
import dev.hitl.delivery.ConsultationSnapshots.Snapshot;
import dev.hitl.workflow.ProcessVariables;
import dev.hitl.workflow.ReviewerDirectory;
import dev.hitl.workflow.TopicWorker;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.stereotype.Component;

/**
 * Topic {@code sendEmail}: new consultation → every candidate reviewer with an address;
 * answered → the reviewer who answered; timed out → the candidate reviewers. Each
 * recipient gets each email once: the task goes through its recipients and each is
 * claimed and recorded in {@link EmailDeliveries}, so a retry after an SMTP failure, or
 * another node that fetches the task after its lock ran out, sends only to those not yet
 * mailed. A request for judgement is not sent once the consultation has ended, and
 * carries the answer links of its recipient's account ({@link AnswerLinks}). SMTP
 * failures retry on the mail schedule, then raise an incident; the webhook runs on its
 * own branch of the process, so a failing email never holds it up.
 */
@Component
class EmailWorker implements TopicWorker {

	private static final Logger log = LoggerFactory.getLogger(EmailWorker.class);

	/** Recipients of one email at most; a larger list is cut, logged and counted. */
	static final int MAX_RECIPIENTS = 500;

	/** Emails asking for a judgement: pointless, even misleading, once it has ended. */
	private static final Set<String> REQUESTS = Set.of("consultation-requested", "consultation-reminder",
			"consultation-escalated");

	/** How often a long list looks again whether the consultation has ended meanwhile. */
	private static final Duration STATE_CHECK = Duration.ofSeconds(1);

	private final ConsultationSnapshots consultations;

	private final ReviewerDirectory reviewers;

	private final EmailTemplates templates;

	private final EmailSender sender;

	private final MailSettings settings;

	private final EmailDeliveries deliveries;

	private final EmailMetrics metrics;

	private final AnswerLinks answerLinks;

	EmailWorker(ConsultationSnapshots consultations, ReviewerDirectory reviewers, EmailTemplates templates,
			EmailSender sender, MailSettings settings, EmailDeliveries deliveries, EmailMetrics metrics,
			ObjectProvider<AnswerLinks> answerLinks) {
		this.answerLinks = answerLinks.getIfAvailable(() -> (consultation, template, recipient) -> List.of());
		this.consultations = consultations;
		this.reviewers = reviewers;
		this.templates = templates;
		this.sender = sender;
		this.settings = settings;
		this.deliveries = deliveries;
		this.metrics = metrics;
	}

	@Override
	public String topic() {
		return ProcessVariables.TOPIC_SEND_EMAIL;
	}

	@Override
	public List<String> variables() {
		return List.of(ProcessVariables.CONSULTATION_ID, ProcessVariables.TEMPLATE);
	}

	@Override
	public Duration lockDuration() {
		return this.settings.lockDuration();
	}

	@Override
	public int concurrency() {
		return this.settings.concurrency();
	}

	@Override
	public WorkResult work(WorkItem item) {
		String template = item.variable(ProcessVariables.TEMPLATE);
		if (template == null || !EmailTemplates.TEMPLATES.contains(template)) {
			return WorkResult.failed("Unknown email template '" + template + "'");
		}
		String consultationId = item.businessKey();
		// The business key names the consultation; the instance check keeps a process
		// from speaking for another consultation.
		Optional<Snapshot> found = (consultationId != null)
				? this.consultations.find(consultationId)
					.filter((snapshot) -> item.processInstanceId().equals(snapshot.processInstanceId()))
				: Optional.empty();
		if (found.isEmpty()) {
			return WorkResult.completed();
		}
		Snapshot consultation = found.get();
		UUID id = UUID.fromString(consultation.id());
		UUID attempt = UUID.randomUUID();
		StateCheck ended = new StateCheck(consultation);
		boolean othersSending = false;
		Set<String> done = this.deliveries.done(id, template);
		for (ReviewerDirectory.Recipient to : recipients(template, consultation)) {
			String recipient = to.email();
			if (done.contains(EmailDeliveries.recipientHash(recipient))) {
				continue;
			}
			if (REQUESTS.contains(template) && ended.hasEnded()) {
				log.info("Email {} for consultation {} not sent (further): the consultation has ended", template,
						consultationId);
				return WorkResult.completed();
			}
			EmailDeliveries.Claim claim = this.deliveries.claim(id, template, recipient, attempt);
			if (claim == EmailDeliveries.Claim.BUSY) {
				othersSending = true;
			}
			if (claim != EmailDeliveries.Claim.CLAIMED) {
				continue;
			}
			Email email;
			try {
				email = this.templates.render(template, consultation, recipient, links(template, consultation, to));
			}
			catch (DataAccessException ex) {
				this.deliveries.release(id, template, recipient, attempt);
				log.info("Email {} for consultation {}: its answer links could not be stored: {}", template,
						consultationId, ex.getClass().getSimpleName());
				return TopicWorker.failure("Answer links could not be stored", item.retriesLeft(),
						this.settings.retrySchedule(), null);
			}
			try {
				this.sender.send(email);
			}
			catch (MailException | MessagingException ex) {
				if (refusedForGood(ex, recipient)) {
					log.warn("Email {} for consultation {}: the SMTP server refused a recipient for good", template,
							consultationId);
					this.deliveries.done(id, template, recipient, "refused");
					continue;
				}
				this.deliveries.release(id, template, recipient, attempt);
				String error = "SMTP: " + ex.getMessage();
				log.info("Email {} for consultation {} failed: {}", template, consultationId, error);
				return TopicWorker.failure(error, item.retriesLeft(), this.settings.retrySchedule(), null);
			}
			this.deliveries.done(id, template, recipient, "sent");
		}
		if (othersSending) {
			// A worker that had the task before its lock ran out is still sending to some
			// of them: look again shortly, without using up a retry.
			List<Duration> schedule = this.settings.retrySchedule();
			int retries = (item.retriesLeft() != null) ? item.retriesLeft() : schedule.size();
			return WorkResult.retry("Recipients are being sent by another worker", retries,
					schedule.isEmpty() ? Duration.ofSeconds(10) : schedule.get(0));
		}
		return WorkResult.completed();
	}

	/**
	 * A request for judgement carries the recipient's own answer links, minted as it is
	 * rendered: a retried send replaces the links of the attempt that failed (never
	 * sent), so each email has one set of live links.
	 */
	private List<AnswerLinks.AnswerLink> links(String template, Snapshot consultation, ReviewerDirectory.Recipient to) {
		return REQUESTS.contains(template) ? this.answerLinks.linksFor(consultation, template, to.userId()) : List.of();
	}

	private List<ReviewerDirectory.Recipient> recipients(String template, Snapshot consultation) {
		if (template.equals("consultation-answered")) {
			return (consultation.respondedBy() != null) ? this.reviewers.find(consultation.respondedBy())
				.filter((account) -> account.email() != null && !account.email().isBlank())
				.filter((account) -> isAddress(account.email()))
				.map((account) -> List.of(new ReviewerDirectory.Recipient(account.id(), account.email())))
				.orElse(List.of()) : List.of();
		}
		List<String> groups = consultation.reviewerGroups();
		List<String> users = consultation.reviewerUsers();
		if (template.equals("consultation-escalated")) {
			// The added reviewers: the first stage's have had their emails.
			JsonNode added = consultation.resource().path("on_timeout").path("reviewers");
			groups = texts(added.path("groups"));
			users = texts(added.path("users"));
		}
		ReviewerDirectory.Recipients recipients = this.reviewers.emailsOf(groups, users, MAX_RECIPIENTS);
		if (recipients.cut()) {
			log.warn(
					"Email {} for consultation {} goes to the first {} of up to {} candidate reviewers "
							+ "(groups {}, {} users); the others get none",
					template, consultation.id(), MAX_RECIPIENTS, recipients.candidates(), consultation.reviewerGroups(),
					consultation.reviewerUsers().size());
			this.metrics.recipientsCut();
		}
		Set<String> cannotAnswer = cannotAnswer(consultation);
		return recipients.recipients()
			.stream()
			.filter((to) -> isAddress(to.email()))
			.filter((to) -> !cannotAnswer.contains(to.email()))
			.toList();
	}

	/**
	 * Whom a request for a judgement must skip: the person it was requested for and the
	 * reviewers who already approved.
	 */
	private Set<String> cannotAnswer(Snapshot consultation) {
		List<String> users = new java.util.ArrayList<>();
		JsonNode resource = consultation.resource();
		if (resource.path("requested_by").isTextual()) {
			users.add(resource.path("requested_by").asText());
		}
		for (JsonNode approval : resource.path("response").path("approvals")) {
			users.add(approval.path("user").asText());
		}
		Set<String> emails = new java.util.HashSet<>();
		for (String user : users) {
			this.reviewers.find(user)
				.map(ReviewerDirectory.Account::email)
				.filter((email) -> email != null && !email.isBlank())
				.ifPresent(emails::add);
		}
		return emails;
	}

	private static List<String> texts(JsonNode array) {
		List<String> values = new java.util.ArrayList<>();
		array.forEach((value) -> values.add(value.asText()));
		return values;
	}

	/**
	 * The server refused this address itself (a 5xx to {@code RCPT TO}): sending again
	 * cannot help, and must not hold back the others.
	 */
	private static boolean refusedForGood(Exception ex, String recipient) {
		Deque<Throwable> pending = new ArrayDeque<>(List.of(ex));
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		while (!pending.isEmpty()) {
			Throwable at = pending.pop();
			if (!seen.add(at)) {
				continue;
			}
			if (at instanceof SendFailedException failed && failed.getInvalidAddresses() != null
					&& Arrays.stream(failed.getInvalidAddresses())
						.anyMatch((address) -> recipient.equalsIgnoreCase(((InternetAddress) address).getAddress()))) {
				return true;
			}
			if (at instanceof MailSendException send) {
				send.getFailedMessages().values().forEach(pending::push);
			}
			if (at instanceof MessagingException messaging && messaging.getNextException() != null) {
				pending.push(messaging.getNextException());
			}
			if (at.getCause() != null) {
				pending.push(at.getCause());
			}
		}
		return false;
	}

	/**
	 * An address no SMTP server could take (a typo in an account) is skipped: failing on
	 * it would retry the whole task, and the rest would never get theirs.
	 */
	private static boolean isAddress(String email) {
		try {
			new InternetAddress(email, true).validate();
			return true;
		}
		catch (AddressException ex) {
			log.warn("Skipped a reviewer email address that is not valid: {}", ex.getMessage());
			return false;
		}
	}

	/**
	 * Reads the consultation's state before the first send, then at most once per
	 * {@link #STATE_CHECK}.
	 */
	private final class StateCheck {

		private final String consultationId;

		private boolean ended;

		private long checkedAt;

		/**
		 * The snapshot does not count as a check: the state is read again right before
		 * the first send, so an attempt that began as the consultation ended (an outage
		 * over) sends no request.
		 */
		StateCheck(Snapshot consultation) {
			this.consultationId = consultation.id();
			this.ended = !"pending".equals(consultation.state());
			this.checkedAt = System.nanoTime() - STATE_CHECK.toNanos();
		}

		boolean hasEnded() {
			if (!this.ended && System.nanoTime() - this.checkedAt >= STATE_CHECK.toNanos()) {
				this.ended = EmailWorker.this.consultations.find(this.consultationId)
					.map((snapshot) -> !"pending".equals(snapshot.state()))
					.orElse(true);
				this.checkedAt = System.nanoTime();
			}
			return this.ended;
		}

	}

}
