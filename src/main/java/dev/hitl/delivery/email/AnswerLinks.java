package dev.hitl.delivery.email;

import java.util.List;

import dev.hitl.delivery.ConsultationSnapshots.Snapshot;

import org.springframework.modulith.NamedInterface;

/**
 * The personal answer links a request for judgement carries, one per possible answer
 * (approve and reject, each option, or one to a page with a text field); implemented by
 * the email actions module, so delivery does not depend on how answers are recorded.
 */
@NamedInterface("email")
public interface AnswerLinks {

	/**
	 * Links for one email to one recipient. Rendering the same email again (a retried
	 * send) replaces the links of the earlier rendering that were never used, so each
	 * email has at most one set of live links.
	 * @param template the email's template, which tells one email from another
	 * @param recipientUserId the account the email is addressed to, the only one the
	 * links answer for
	 */
	List<AnswerLink> linksFor(Snapshot consultation, String template, String recipientUserId);

	/**
	 * @param label what the link does, such as "Approve" or an option's label
	 * @param url the absolute link
	 */
	@NamedInterface("email")
	record AnswerLink(String label, String url) {
	}

}
