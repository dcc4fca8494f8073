package dev.hitl.delivery.email;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@link EmailSender} against GreenMail, a real SMTP server in-process. */
@ExtendWith(OutputCaptureExtension.class)
class EmailSenderTests {

	@RegisterExtension
	static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

	private final MailSettings settings = new MailSettings("HITL <hitl@example.com>", List.of(Duration.ofSeconds(1)), 1,
			Duration.ofMinutes(2));

	private final Email email = new Email("rita@example.com", "Your judgement is needed: Refund?", "<p>Refund?</p>",
			"Refund?", "<abc.consultation-requested.1234@hitl.example.com>");

	@Test
	void sendsHtmlWithAPlainTextAlternativeAndTheGivenMessageId() throws Exception {
		JavaMailSenderImpl mail = new JavaMailSenderImpl();
		mail.setHost("127.0.0.1");
		mail.setPort(smtp.getSmtp().getPort());
		new EmailSender(provider(mail), this.settings, metrics()).send(this.email);
		MimeMessage received = smtp.getReceivedMessages()[0];
		assertThat(received.getMessageID()).isEqualTo("<abc.consultation-requested.1234@hitl.example.com>");
		assertThat(received.getSubject()).isEqualTo("Your judgement is needed: Refund?");
		assertThat(received.getFrom()[0].toString()).isEqualTo("HITL <hitl@example.com>");
		String structure = describe(received.getContent());
		assertThat(structure).contains("text/plain").contains("text/html");
	}

	/**
	 * The SMTP timeouts of application.yaml are set, a small part of how long a worker
	 * claims a recipient (a send is a handful of replies and writes), and are the ones
	 * jakarta.mail honours: against a server that accepts and never greets, a send with
	 * those keys (scaled down) fails instead of hanging.
	 */
	@Test
	void aHungSmtpServerFailsTheSendInsteadOfHoldingTheWorker() throws Exception {
		List<ConfigurationPropertySource> yaml = new ArrayList<>();
		new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))
			.forEach((source) -> ConfigurationPropertySources.from(source).forEach(yaml::add));
		Map<String, String> configured = new Binder(yaml)
			.bind("spring.mail.properties", Bindable.mapOf(String.class, String.class))
			.get();
		List<String> keys = List.of("mail.smtp.connectiontimeout", "mail.smtp.timeout", "mail.smtp.writetimeout");
		assertThat(keys).allSatisfy((key) -> assertThat(Duration.ofMillis(Long.parseLong(configured.get(key)))).as(key)
			.isPositive()
			.isLessThan(EmailDeliveries.CLAIM.dividedBy(10)));
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			JavaMailSenderImpl mail = new JavaMailSenderImpl();
			mail.setHost("127.0.0.1");
			mail.setPort(silent.getLocalPort());
			Properties scaledDown = new Properties();
			keys.forEach((key) -> scaledDown.put(key, "500"));
			mail.setJavaMailProperties(scaledDown);
			long started = System.nanoTime();
			assertThatExceptionOfType(MailException.class)
				.isThrownBy(() -> new EmailSender(provider(mail), this.settings, metrics()).send(this.email));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		}
	}

	@Test
	void namesTheMailProvidersSoNoMessagePartSearchesTheClassPath() {
		EmailSender.PROVIDERS.keySet().forEach(System::clearProperty);
		new EmailSender(provider(null), this.settings, metrics());
		EmailSender.PROVIDERS
			.forEach((property, implementation) -> assertThat(System.getProperty(property)).isEqualTo(implementation));
		assertThat(jakarta.mail.util.StreamProvider.provider().getClass().getName())
			.isEqualTo(EmailSender.PROVIDERS.get("jakarta.mail.util.StreamProvider"));
	}

	@Test
	void withoutAMailHostTheEmailIsLoggedInstead(CapturedOutput output) throws Exception {
		new EmailSender(provider(null), this.settings, metrics()).send(this.email);
		assertThat(output).contains("No mail host configured").contains(this.email.messageId());
		assertThat(output).doesNotContain("rita@example.com")
			.doesNotContain(this.email.subject())
			.doesNotContain(this.email.text());
		assertThat(smtp.getReceivedMessages()).isEmpty();
	}

	private static EmailMetrics metrics() {
		return new EmailMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
	}

	private static String describe(Object content) throws Exception {
		if (content instanceof MimeMultipart multipart) {
			StringBuilder parts = new StringBuilder();
			for (int i = 0; i < multipart.getCount(); i++) {
				parts.append(multipart.getBodyPart(i).getContentType()).append(' ');
				parts.append(describe(multipart.getBodyPart(i).getContent()));
			}
			return parts.toString();
		}
		return "";
	}

	private static org.springframework.beans.factory.ObjectProvider<JavaMailSender> provider(JavaMailSender sender) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		if (sender != null) {
			beans.addBean("mailSender", sender);
		}
		return beans.getBeanProvider(JavaMailSender.class);
	}

}
