package dev.hitl.delivery.email;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.hitl.delivery.ConsultationSnapshots;
import dev.hitl.delivery.ConsultationSnapshots.Snapshot;
import dev.hitl.system.HitlMetrics;
import dev.hitl.system.PublicUrl;
import dev.hitl.workflow.ReviewerDirectory;
import dev.hitl.workflow.TopicWorker.WorkItem;
import dev.hitl.workflow.TopicWorker.WorkResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** {@link EmailWorker} with its real templates and sender, against GreenMail. */
class EmailWorkerTests {

	@RegisterExtension
	static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

	private final Snapshot consultation = new Snapshot(UUID.randomUUID().toString(), "pending", "Refund?", null,
			"normal", "approval", Instant.parse("2026-11-24T10:00:00Z"), null, UUID.randomUUID(), List.of("billing"),
			List.of(), null, null, "pi-1", JsonNodeFactory.instance.objectNode());

	@Test
	void anAddressNoServerCouldTakeIsSkippedAndTheOthersGetTheirEmailOnce() throws Exception {
		ReviewerDirectory reviewers = mock(ReviewerDirectory.class);
		when(reviewers.emailsOf(List.of("billing"), List.of()))
			.thenReturn(List.of("ann@example.com", "bob@@example", "zoe@example.com"));
		WorkResult result = worker(reviewers).work(new WorkItem("task-1", "pi-1", this.consultation.id(),
				Map.of("template", "consultation-requested"), null));
		assertThat(result).isInstanceOf(WorkResult.Completed.class);
		MimeMessage[] received = smtp.getReceivedMessages();
		assertThat(received).extracting((message) -> message.getAllRecipients()[0].toString())
			.containsExactly("ann@example.com", "zoe@example.com");
	}

	private EmailWorker worker(ReviewerDirectory reviewers) {
		JavaMailSenderImpl mail = new JavaMailSenderImpl();
		mail.setHost("127.0.0.1");
		mail.setPort(smtp.getSmtp().getPort());
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("mailSender", mail);
		MailSettings settings = new MailSettings("HITL <hitl@example.com>", List.of(Duration.ofSeconds(1)), 1);
		EmailSender sender = new EmailSender(beans.getBeanProvider(JavaMailSender.class), settings,
				new HitlMetrics(new SimpleMeterRegistry(), java.time.Clock.systemUTC()));
		return new EmailWorker(new OneConsultation(this.consultation), reviewers,
				new EmailTemplates(new PublicUrl("https://hitl.example.com")), sender, settings);
	}

	private record OneConsultation(Snapshot snapshot) implements ConsultationSnapshots {

		@Override
		public Optional<Snapshot> find(String consultationId) {
			return Optional.of(this.snapshot).filter((found) -> found.id().equals(consultationId));
		}

		@Override
		public void recordWebhookAttempt(String consultationId, String callbackStatus, String lastError) {
			throw new UnsupportedOperationException("email only");
		}

		@Override
		public void markWebhookPending(String consultationId) {
			throw new UnsupportedOperationException("email only");
		}

	}

}
