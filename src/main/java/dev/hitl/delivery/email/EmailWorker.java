package dev.hitl.delivery.email;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.hitl.delivery.ConsultationSnapshots;
import dev.hitl.delivery.ConsultationSnapshots.Snapshot;
import dev.hitl.workflow.ProcessVariables;
import dev.hitl.workflow.ReviewerDirectory;
import dev.hitl.workflow.TopicWorker;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.mail.MailException;
import org.springframework.stereotype.Component;

/**
 * Topic {@code sendEmail}: new consultation → every candidate reviewer with an address;
 * answered → the reviewer who answered; timed out → the candidate reviewers. SMTP
 * failures retry on the mail schedule, then raise an incident; the webhook runs on its
 * own branch of the process, so a failing email never holds it up.
 */
@Component
class EmailWorker implements TopicWorker {

	private static final Logger log = LoggerFactory.getLogger(EmailWorker.class);

	private final ConsultationSnapshots consultations;

	private final ReviewerDirectory reviewers;

	private final EmailTemplates templates;

	private final EmailSender sender;

	private final MailSettings settings;

	EmailWorker(ConsultationSnapshots consultations, ReviewerDirectory reviewers, EmailTemplates templates,
			EmailSender sender, MailSettings settings) {
		this.consultations = consultations;
		this.reviewers = reviewers;
		this.templates = templates;
		this.sender = sender;
		this.settings = settings;
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
		return Duration.ofMinutes(2);
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
		// from
		// speaking for another consultation.
		Optional<Snapshot> found = (consultationId != null)
				? this.consultations.find(consultationId)
					.filter((snapshot) -> item.processInstanceId().equals(snapshot.processInstanceId()))
				: Optional.empty();
		if (found.isEmpty()) {
			return WorkResult.completed();
		}
		Snapshot consultation = found.get();
		List<String> recipients = recipients(template, consultation);
		try {
			for (String recipient : recipients) {
				this.sender.send(this.templates.render(template, consultation, recipient));
			}
			return WorkResult.completed();
		}
		catch (MailException | MessagingException ex) {
			String error = "SMTP: " + ex.getMessage();
			log.info("Email {} for consultation {} failed: {}", template, consultationId, error);
			return TopicWorker.failure(error, item.retriesLeft(), this.settings.retrySchedule(), null);
		}
	}

	private List<String> recipients(String template, Snapshot consultation) {
		if (template.equals("consultation-answered")) {
			return (consultation.respondedBy() != null) ? this.reviewers.find(consultation.respondedBy())
				.map(ReviewerDirectory.Account::email)
				.filter((email) -> email != null && !email.isBlank())
				.filter(EmailWorker::isAddress)
				.map(List::of)
				.orElse(List.of()) : List.of();
		}
		return this.reviewers.emailsOf(consultation.reviewerGroups(), consultation.reviewerUsers())
			.stream()
			.filter(EmailWorker::isAddress)
			.toList();
	}

	/**
	 * An address no SMTP server could take (a typo in an account) is skipped: failing on
	 * it would retry the whole task, sending the others their email again each time and
	 * the rest never.
	 */
	private static boolean isAddress(String email) {
		try {
			new InternetAddress(email, true).validate();
			return true;
		}
		catch (AddressException ex) {
			log.warn("Skipped the reviewer email address '{}': {}", email, ex.getMessage());
			return false;
		}
	}

}
