package dev.hitl.delivery.email;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hitl.delivery.ConsultationSnapshots.Snapshot;
import dev.hitl.system.PublicUrl;
import dev.hitl.workflow.CamundaWeb;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.stereotype.Component;

/**
 * Renders the reviewer emails from Thymeleaf templates under {@code templates/email/}:
 * HTML that reads well on a phone plus a plain-text alternative, user text always
 * escaped.
 */
@Component
class EmailTemplates {

	static final Set<String> TEMPLATES = Set.of("consultation-requested", "consultation-answered",
			"consultation-timed-out", "consultation-reminder", "consultation-escalated");

	private static final Map<String, String> SUBJECTS = Map.of("consultation-requested", "Your judgement is needed: ",
			"consultation-answered", "Your answer was recorded: ", "consultation-timed-out", "Timed out unanswered: ",
			"consultation-reminder", "Reminder, still waiting for you: ", "consultation-escalated",
			"Escalated to you: ");

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final SpringTemplateEngine engine = new SpringTemplateEngine();

	private final PublicUrl publicUrl;

	EmailTemplates(PublicUrl publicUrl) {
		this.publicUrl = publicUrl;
		this.engine.addTemplateResolver(resolver(TemplateMode.HTML, ".html", 1));
		this.engine.addTemplateResolver(resolver(TemplateMode.TEXT, ".txt", 2));
	}

	Email render(String template, Snapshot consultation, String recipient) {
		return render(template, consultation, recipient, List.of());
	}

	/**
	 * @param answerLinks the recipient's personal answer links, empty for emails that ask
	 * nothing
	 */
	Email render(String template, Snapshot consultation, String recipient, List<AnswerLinks.AnswerLink> answerLinks) {
		Context context = new Context();
		context.setVariable("answerLinks", answerLinks);
		context.setVariable("consultation", consultation);
		context.setVariable("expiresAt", TIME.format(consultation.expiresAt()));
		context.setVariable("portalUrl", this.publicUrl.link("/consultations/" + consultation.id()));
		context.setVariable("defaultDecision", defaultDecision(consultation));
		context.setVariable("approvalsRequired", consultation.resource().path("approvals_required").asInt(1));
		context.setVariable("approvalsGiven", consultation.resource().path("response").path("approvals").size());
		context.setVariable("requestedBy", consultation.resource().path("requested_by").asText(null));
		context.setVariable("tasklistUrl", this.publicUrl.link(CamundaWeb.TASKLIST_HOME));
		String subject = SUBJECTS.get(template) + oneLine(consultation.title());
		context.setVariable("subject", subject);
		String html = this.engine.process(template + ".html", context);
		String text = this.engine.process(template + ".txt", context);
		return new Email(recipient, subject, html, text, messageId(consultation.id(), template, recipient));
	}

	/**
	 * The same for every attempt at the same email to the same recipient, on any node, so
	 * a receiving mail system can recognise a resend.
	 */
	private String messageId(String consultationId, String template, String recipient) {
		String recipientKey = EmailDeliveries.recipientHash(recipient).substring(0, 16);
		String host = (this.publicUrl.host() != null) ? this.publicUrl.host() : "hitl.local";
		return "<" + consultationId + "." + template + "." + recipientKey + "@" + host + ">";
	}

	/** The decision or option the timeout recorded, or null when it expired. */
	private static String defaultDecision(Snapshot consultation) {
		com.fasterxml.jackson.databind.JsonNode response = consultation.resource().path("response");
		if (!"timeout".equals(response.path("decided_by").asText())) {
			return null;
		}
		return response.path("decision").isTextual() ? response.path("decision").asText()
				: response.path("choice").asText(null);
	}

	private static String oneLine(String value) {
		String line = value.replaceAll("[\\r\\n\\t]+", " ").strip();
		return (line.length() > 120) ? line.substring(0, 117) + "..." : line;
	}

	private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String suffix, int order) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/email/");
		resolver.setSuffix(suffix);
		resolver.setTemplateMode(mode);
		resolver.setCharacterEncoding("UTF-8");
		resolver.setCheckExistence(true);
		resolver.setCacheable(true);
		resolver.setOrder(order);
		return resolver;
	}

}
