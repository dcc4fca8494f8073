package dev.hitl.delivery.email;

import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Sends an email through the configured SMTP server, or writes it to the log when no mail
 * host is configured. The Message-ID is the caller's, so a retried send is recognisable.
 */
@Component
class EmailSender {

	private static final Logger log = LoggerFactory.getLogger(EmailSender.class);

	/**
	 * Jakarta Mail and Activation providers, by the system property their factories read
	 * first. Unnamed, every message part looks its provider up with a ServiceLoader
	 * through every jar of the class path: 2-4 ms of CPU per email, half of a send
	 * (bench/profiles/2026-12-03.md).
	 */
	static final Map<String, String> PROVIDERS = Map.of("jakarta.mail.util.StreamProvider",
			"org.eclipse.angus.mail.util.MailStreamProvider", "jakarta.activation.spi.MimeTypeRegistryProvider",
			"org.eclipse.angus.activation.MimeTypeRegistryProviderImpl");

	private final JavaMailSender mail;

	private final MailSettings settings;

	private final EmailMetrics metrics;

	EmailSender(ObjectProvider<JavaMailSender> mail, MailSettings settings, EmailMetrics metrics) {
		nameProviders();
		this.mail = mail.getIfAvailable();
		this.settings = settings;
		this.metrics = metrics;
	}

	/** Names each provider that is on the class path and not named already. */
	static void nameProviders() {
		PROVIDERS.forEach((property, implementation) -> {
			if (System.getProperty(property) == null
					&& ClassUtils.isPresent(implementation, EmailSender.class.getClassLoader())) {
				System.setProperty(property, implementation);
			}
		});
	}

	/**
	 * @throws MailException when the SMTP server refuses or cannot be reached
	 */
	void send(Email email) throws MessagingException {
		if (this.mail == null) {
			// Ids only: an address, a subject or a body (with its personal answer links)
			// in
			// a log would outlive the email it stands for.
			log.info("No mail host configured (SPRING_MAIL_HOST); email not sent: message-id={}", email.messageId());
			this.metrics.email("logged");
			return;
		}
		MimeMessage message = new FixedIdMimeMessage(this.mail.createMimeMessage(), email.messageId());
		MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
		helper.setFrom(this.settings.from());
		helper.setTo(email.to());
		helper.setSubject(email.subject());
		helper.setText(email.text(), email.html());
		try {
			this.mail.send(message);
		}
		catch (MailException ex) {
			this.metrics.email("failed");
			throw ex;
		}
		this.metrics.email("sent");
	}

	/**
	 * Keeps the given Message-ID: jakarta.mail would otherwise generate a new one on
	 * save.
	 */
	private static final class FixedIdMimeMessage extends MimeMessage {

		private final String messageId;

		FixedIdMimeMessage(MimeMessage template, String messageId) {
			super((Session) template.getSession());
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", this.messageId);
		}

	}

}
