package dev.hitl.delivery.email;

import java.time.Duration;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link EmailSender} against GreenMail, a real SMTP server in-process. */
@ExtendWith(OutputCaptureExtension.class)
class EmailSenderTests {

	@RegisterExtension
	static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

	private final MailSettings settings = new MailSettings("HITL <hitl@example.com>", List.of(Duration.ofSeconds(1)),
			1);

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

	@Test
	void withoutAMailHostTheEmailIsLoggedInstead(CapturedOutput output) throws Exception {
		new EmailSender(provider(null), this.settings, metrics()).send(this.email);
		assertThat(output).contains("No mail host configured").contains("rita@example.com");
		assertThat(smtp.getReceivedMessages()).isEmpty();
	}

	private static dev.hitl.system.HitlMetrics metrics() {
		return new dev.hitl.system.HitlMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
				java.time.Clock.systemUTC());
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
