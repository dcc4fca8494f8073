package dev.hitl.delivery.email;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hitl.TestMailServer;
import dev.hitl.delivery.ConsultationSnapshots;
import dev.hitl.delivery.ConsultationSnapshots.Snapshot;
import dev.hitl.system.PublicUrl;
import dev.hitl.workflow.ReviewerDirectory;
import dev.hitl.workflow.TopicWorker.WorkItem;
import dev.hitl.workflow.TopicWorker.WorkResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * {@link EmailWorker} with its real templates, sender and delivery records (an H2
 * database with the project's migrations), against a real SMTP server; only the reviewer
 * directory is a stand-in.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmailWorkerTests {

	private static final DataSource database = migratedDatabase();

	private final JdbcTemplate jdbc = new JdbcTemplate(database);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ReviewerDirectory reviewers = mock(ReviewerDirectory.class);

	private final String group = "billing-" + UUID.randomUUID();

	private Snapshot consultation;

	@BeforeEach
	void storeConsultation() {
		this.consultation = snapshot(UUID.randomUUID().toString(), "pending");
		this.jdbc.update("insert into consultation (id, owner, state, title, response_type, priority, process_key, "
				+ "timeout, reviewers_json, created_at, updated_at, expires_at, callback_status) "
				+ "values (?, 'owner', 'pending', 'Refund?', 'approval', 'normal', 'consultation', 'PT1H', '{}', "
				+ "current_timestamp, current_timestamp, current_timestamp, 'none')",
				UUID.fromString(this.consultation.id()));
	}

	@Test
	void anAddressNoServerCouldTakeIsSkippedAndTheOthersGetTheirEmailOnce() throws Exception {
		List<String> addresses = addresses("ann", "bob@@example", "zoe");
		recipients(addresses);
		assertThat(work(null)).isInstanceOf(WorkResult.Completed.class);
		assertThat(TestMailServer.receivedBy(addresses.get(0))).hasSize(1);
		assertThat(TestMailServer.receivedBy(addresses.get(2))).hasSize(1);
	}

	@Test
	void anSmtpFailureMidListRetriesOnlyWhoIsLeftAndEachGetsTheEmailOnce() throws Exception {
		List<String> addresses = addresses("ann", "bob", "zoe");
		recipients(addresses);
		TestMailServer.refuseNext(addresses.get(1), 1);
		WorkResult first = work(null);
		assertThat(first).isInstanceOf(WorkResult.Retry.class);
		assertThat(TestMailServer.receivedBy(addresses.get(0))).hasSize(1);
		assertThat(TestMailServer.receivedBy(addresses.get(2))).isEmpty();
		assertThat(work(((WorkResult.Retry) first).retriesLeft())).isInstanceOf(WorkResult.Completed.class);
		for (String address : addresses) {
			assertThat(TestMailServer.receivedBy(address)).as(address).hasSize(1);
		}
		assertThat(TestMailServer.receivedBy(addresses.get(0)).get(0).getMessageID())
			.isNotEqualTo(TestMailServer.receivedBy(addresses.get(1)).get(0).getMessageID());
		assertThat(work(null)).as("the task fetched once more").isInstanceOf(WorkResult.Completed.class);
		for (String address : addresses) {
			assertThat(TestMailServer.receivedBy(address)).as(address).hasSize(1);
		}
	}

	@Test
	void aRecipientAnotherWorkerIsSendingToIsLeftToItAndLookedAtAgain() throws Exception {
		List<String> addresses = addresses("ann", "bob");
		recipients(addresses);
		EmailDeliveries deliveries = new EmailDeliveries(this.jdbc);
		UUID other = UUID.randomUUID();
		UUID id = UUID.fromString(this.consultation.id());
		assertThat(deliveries.claim(id, "consultation-requested", addresses.get(0), other))
			.isEqualTo(EmailDeliveries.Claim.CLAIMED);
		WorkResult result = work(3);
		assertThat(result).isInstanceOf(WorkResult.Retry.class);
		assertThat(((WorkResult.Retry) result).retriesLeft()).as("no retry used up").isEqualTo(3);
		assertThat(TestMailServer.receivedBy(addresses.get(0))).isEmpty();
		assertThat(TestMailServer.receivedBy(addresses.get(1))).hasSize(1);
		deliveries.done(id, "consultation-requested", addresses.get(0), "sent");
		assertThat(work(3)).isInstanceOf(WorkResult.Completed.class);
		assertThat(TestMailServer.receivedBy(addresses.get(1))).hasSize(1);
	}

	@Test
	void noRequestForJudgementGoesOutOnceTheConsultationHasEnded() throws Exception {
		List<String> addresses = addresses("ann");
		recipients(addresses);
		this.consultation = snapshot(this.consultation.id(), "cancelled");
		assertThat(work(null)).isInstanceOf(WorkResult.Completed.class);
		assertThat(TestMailServer.receivedBy(addresses.get(0))).isEmpty();
		assertThat(worker().work(new WorkItem("task-1", "pi-1", this.consultation.id(),
				Map.of("template", "consultation-timed-out"), null)))
			.isInstanceOf(WorkResult.Completed.class);
		assertThat(TestMailServer.receivedBy(addresses.get(0))).as("the end is still told").hasSize(1);
	}

	@Test
	void aRequestCarriesTheAnswerLinksOfItsRecipientsAccountAndTheAnswerEmailNone() throws Exception {
		List<String> addresses = addresses("ann", "bob");
		recipients(addresses);
		assertThat(work(null)).isInstanceOf(WorkResult.Completed.class);
		for (String address : addresses) {
			String body = text(TestMailServer.receivedBy(address).get(0));
			assertThat(body).contains("https://hitl.example.com/email-actions/approve-user-" + address)
				.contains("Approve");
		}
		assertThat(text(TestMailServer.receivedBy(addresses.get(0)).get(0)))
			.doesNotContain("approve-user-" + addresses.get(1));
	}

	private static String text(jakarta.mail.internet.MimeMessage message) throws Exception {
		return TestMailServer.plainText(message) + TestMailServer.html(message);
	}

	@Test
	void aListCutAtTheLimitIsLoggedWithoutAddressesAndCounted(CapturedOutput output) throws Exception {
		List<String> addresses = addresses("ann");
		when(this.reviewers.emailsOf(List.of(this.group), List.of(), EmailWorker.MAX_RECIPIENTS))
			.thenReturn(new ReviewerDirectory.Recipients(accounts(addresses), true, 620));
		assertThat(work(null)).isInstanceOf(WorkResult.Completed.class);
		assertThat(output).contains("Email consultation-requested for consultation " + this.consultation.id()
				+ " goes to the first 500 of up to 620 candidate reviewers");
		assertThat(output.getAll().lines().filter((line) -> line.contains("dev.hitl")))
			.noneMatch((line) -> line.contains(addresses.get(0)));
		assertThat(this.meters.counter(EmailMetrics.RECIPIENTS_CUT).count()).isEqualTo(1);
	}

	private WorkResult work(Integer retriesLeft) {
		return worker().work(new WorkItem("task-1", "pi-1", this.consultation.id(),
				Map.of("template", "consultation-requested"), retriesLeft));
	}

	private void recipients(List<String> addresses) {
		when(this.reviewers.emailsOf(List.of(this.group), List.of(), EmailWorker.MAX_RECIPIENTS))
			.thenReturn(new ReviewerDirectory.Recipients(accounts(addresses), false, addresses.size()));
	}

	/** Each address's account is named for it: {@code user-<address>}. */
	private static List<ReviewerDirectory.Recipient> accounts(List<String> addresses) {
		return addresses.stream()
			.map((address) -> new ReviewerDirectory.Recipient("user-" + address, address))
			.toList();
	}

	/** Addresses unique to this test, as the SMTP server lives as long as the JVM. */
	private static List<String> addresses(String... names) {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		return IntStream.range(0, names.length)
			.mapToObj((i) -> names[i].contains("@") ? names[i] : names[i] + "-" + tag + "@example.com")
			.toList();
	}

	private Snapshot snapshot(String id, String state) {
		return new Snapshot(id, state, "Refund?", null, "normal", "approval", Instant.parse("2026-11-24T10:00:00Z"),
				null, UUID.randomUUID(), List.of(this.group), List.of(), null, null, "pi-1",
				JsonNodeFactory.instance.objectNode());
	}

	private EmailWorker worker() {
		JavaMailSenderImpl mail = new JavaMailSenderImpl();
		mail.setHost("127.0.0.1");
		mail.setPort(TestMailServer.port());
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("mailSender", mail);
		beans.addBean("answerLinks", (AnswerLinks) (consultation, template, recipient) -> List
			.of(new AnswerLinks.AnswerLink("Approve", "https://hitl.example.com/email-actions/approve-" + recipient)));
		MailSettings settings = new MailSettings("HITL <hitl@example.com>", List.of(Duration.ofSeconds(1)), 1,
				Duration.ofMinutes(2));
		EmailMetrics metrics = new EmailMetrics(this.meters);
		EmailSender sender = new EmailSender(beans.getBeanProvider(JavaMailSender.class), settings, metrics);
		return new EmailWorker(new OneConsultation(this.consultation), this.reviewers,
				new EmailTemplates(new PublicUrl("https://hitl.example.com")), sender, settings,
				new EmailDeliveries(this.jdbc), metrics, beans.getBeanProvider(AnswerLinks.class));
	}

	private static DataSource migratedDatabase() {
		DataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:email-worker-tests-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration", "classpath:db/vendor/h2")
			.load()
			.migrate();
		return dataSource;
	}

	private record OneConsultation(Snapshot snapshot) implements ConsultationSnapshots {

		@Override
		public Optional<Snapshot> find(String consultationId) {
			return Optional.of(this.snapshot).filter((found) -> found.id().equals(consultationId));
		}

		@Override
		public void recordWebhookAttempt(String consultationId, String processInstanceId, String callbackStatus,
				String lastError) {
			throw new UnsupportedOperationException("email only");
		}

		@Override
		public void markWebhookPending(String consultationId) {
			throw new UnsupportedOperationException("email only");
		}

	}

}
