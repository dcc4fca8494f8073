package dev.hitl.delivery.email;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hitl.delivery.ConsultationSnapshots.Snapshot;
import dev.hitl.system.PublicUrl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmailTemplatesTests {

	private final EmailTemplates templates = new EmailTemplates(new PublicUrl("https://hitl.example.com/"));

	private final Snapshot consultation = new Snapshot("6f1c2b1e-0000-4000-8000-000000000001", "pending",
			"Refund <script>alert(1)</script> & more", "Line one\n<b>bold?</b>", "high", "approval",
			Instant.parse("2026-11-24T10:00:00Z"), null, UUID.randomUUID(), List.of("reviewers"), List.of(), "rita",
			"approved", "pi-1", JsonNodeFactory.instance.objectNode());

	@Test
	void everyTemplateRendersHtmlAndTextWithLinks() {
		for (String template : EmailTemplates.TEMPLATES) {
			Email email = this.templates.render(template, this.consultation, "rita@example.com");
			assertThat(email.to()).isEqualTo("rita@example.com");
			assertThat(email.html()).contains("https://hitl.example.com/consultations/" + this.consultation.id())
				.contains("name=\"viewport\"");
			assertThat(email.text()).contains("https://hitl.example.com/consultations/" + this.consultation.id())
				.contains("Refund <script>alert(1)</script> & more");
		}
		Email requested = this.templates.render("consultation-requested", this.consultation, "rita@example.com");
		assertThat(requested.subject()).isEqualTo("Your judgement is needed: Refund <script>alert(1)</script> & more");
		assertThat(requested.html()).contains("https://hitl.example.com/camunda/app/tasklist/default/")
			.contains("2026-11-24 10:00 UTC")
			.contains("priority high");
		assertThat(this.templates.render("consultation-answered", this.consultation, "rita@example.com").text())
			.contains("Your answer: approved");
	}

	@Test
	void requestsForJudgementCarryEveryAnswerLinkAndTheOthersNone() {
		List<AnswerLinks.AnswerLink> links = List.of(
				new AnswerLinks.AnswerLink("Approve", "https://hitl.example.com/email-actions/approve-token"),
				new AnswerLinks.AnswerLink("Reject <now>", "https://hitl.example.com/email-actions/reject-token"));
		for (String template : List.of("consultation-requested", "consultation-reminder", "consultation-escalated")) {
			Email email = this.templates.render(template, this.consultation, "rita@example.com", links);
			assertThat(email.html()).as(template)
				.contains("href=\"https://hitl.example.com/email-actions/approve-token\"")
				.contains("href=\"https://hitl.example.com/email-actions/reject-token\"")
				.contains("Reject &lt;now&gt;");
			assertThat(email.text()).as(template)
				.contains("- Approve: https://hitl.example.com/email-actions/approve-token")
				.contains("- Reject <now>: https://hitl.example.com/email-actions/reject-token");
		}
		Email plain = this.templates.render("consultation-requested", this.consultation, "rita@example.com");
		assertThat(plain.html()).doesNotContain("email-actions").doesNotContain("Answer from this email");
		assertThat(plain.text()).doesNotContain("email-actions");
	}

	@Test
	void userTextIsEscapedInHtml() {
		Email email = this.templates.render("consultation-requested", this.consultation, "rita@example.com");
		assertThat(email.html()).doesNotContain("<script>")
			.doesNotContain("<b>bold?</b>")
			.contains("Refund &lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
	}

	@Test
	void theMessageIdIsTheSameForEveryAttemptAndDiffersPerRecipientAndTemplate() {
		String first = this.templates.render("consultation-requested", this.consultation, "rita@example.com")
			.messageId();
		String again = this.templates.render("consultation-requested", this.consultation, "RITA@example.com")
			.messageId();
		String other = this.templates.render("consultation-requested", this.consultation, "sam@example.com")
			.messageId();
		String answered = this.templates.render("consultation-answered", this.consultation, "rita@example.com")
			.messageId();
		assertThat(first).isEqualTo(again).startsWith("<" + this.consultation.id()).endsWith("@hitl.example.com>");
		assertThat(first).isNotEqualTo(other).isNotEqualTo(answered);
	}

}
