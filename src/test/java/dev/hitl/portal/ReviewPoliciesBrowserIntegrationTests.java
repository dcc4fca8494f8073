package dev.hitl.portal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Review policies as reviewers meet them in the browser: a consultation that needs two
 * approvals, escalates when its team does not answer, and was requested for someone who
 * may read it but not answer it. The stage, the approvals so far and the requester are on
 * the portal page and the Tasklist form alike, and the deadline shown is the escalated
 * one.
 */
class ReviewPoliciesBrowserIntegrationTests extends BrowserTestSupport {

	@Test
	void anEscalatedTwoApprovalConsultationIsApprovedInThePortalByTwoReviewers() {
		Review review = escalatedTwoApprovalReview("Refund 2 x 400 EUR, portal?");

		Page first = firstApprovalInPortal(review);
		assertThat(first.locator(".meta")).containsText("1 of 2 approvals (" + review.leads().get(0) + ")");
		assertThat(first.locator("form button[value=approved]")).hasCount(0);
		assertThat(first.getByText("You approved it; the next approval must come from another reviewer.")).isVisible();

		Page requester = newPage();
		signIn(requester, review.requester());
		requester.navigate("/consultations/" + review.id());
		assertThat(requester.locator(".meta")).containsText("requested by " + review.requester());
		assertThat(requester.locator("form button[value=approved]")).hasCount(0);
		assertThat(requester.getByText("It was requested for you, so another reviewer must answer it.")).isVisible();

		Page second = newPage();
		signIn(second, review.leads().get(1));
		showsThePolicies(second, review, "1 of 2 approvals");
		approveInPortal(second);
		assertThat(second.locator(".result")).containsText("Approved");

		JsonNode done = get(review.agent(), review.id());
		assertThat(done.get("state").asText()).isEqualTo("responded");
		assertThat(done.get("response").get("decision").asText()).isEqualTo("approved");
		assertThat(done.get("response").get("approvals")).extracting((approval) -> approval.get("user").asText())
			.containsExactly(review.leads().get(0), review.leads().get(1));
		assertThat(done.get("response").get("approvals")).extracting((approval) -> approval.get("channel").asText())
			.containsOnly("portal");
	}

	@Test
	void oneApprovalInThePortalAndTheOtherInTasklist() {
		Review review = escalatedTwoApprovalReview("Refund 2 x 400 EUR, Tasklist?");

		Page portal = firstApprovalInPortal(review);

		String lead = review.leads().get(1);
		Page tasklist = newPage();
		signInToTasklist(tasklist, lead);
		String taskId = await().atMost(Duration.ofSeconds(20))
			.until(() -> api().get("/engine-rest/task?processInstanceBusinessKey=" + review.id(), ADMIN_AUTH).json(),
					(tasks) -> tasks.size() > 0)
			.get(0)
			.get("id")
			.asText();
		tasklist.navigate("/camunda/app/tasklist/default/#/?task=" + taskId);
		assertThat(tasklist.getByText("Refund 2 x 400 EUR, Tasklist?")).isVisible();
		assertThat(tasklist.getByText("Escalated review · 1 of 2 approvals (" + review.leads().get(0) + ")",
				new Page.GetByTextOptions().setExact(false)))
			.isVisible();
		assertThat(
				tasklist.getByText("requested by " + review.requester(), new Page.GetByTextOptions().setExact(false)))
			.isVisible();
		tasklist.getByText("Claim", new Page.GetByTextOptions().setExact(true)).click();
		tasklist.getByLabel("Approve").check();
		tasklist.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Complete")).click();

		JsonNode done = await().atMost(Duration.ofSeconds(20))
			.until(() -> get(review.agent(), review.id()),
					(consultation) -> "responded".equals(consultation.get("state").asText()));
		assertThat(done.get("response").get("decision").asText()).isEqualTo("approved");
		assertThat(done.get("response").get("approvals"))
			.extracting((approval) -> approval.get("user").asText() + "/" + approval.get("channel").asText())
			.containsExactly(review.leads().get(0) + "/portal", lead + "/tasklist");

		portal.navigate("/consultations/" + review.id());
		assertThat(portal.locator(".result")).containsText("Approved");
	}

	/**
	 * Two approvals from a team that will not answer in time, escalated after 5 s to two
	 * leads; the requester is in the team and so sees it.
	 */
	private Review escalatedTwoApprovalReview(String title) {
		String team = uniqueId("team");
		String requester = newUser("req", team);
		List<String> leads = List.of(newUser("lead"), newUser("lead"));
		String agent = newAgent();
		String id = create(agent,
				map("title", title, "timeout", "PT5S", "approvals_required", 2, "requested_by", requester, "reviewers",
						reviewers(List.of(team), List.of()), "on_timeout",
						map("action", "escalate", "reviewers", reviewers(List.of(), leads), "timeout", "PT30M")))
			.get("id")
			.asText();
		JsonNode escalated = await().atMost(Duration.ofSeconds(30))
			.until(() -> get(agent, id), (consultation) -> !consultation.get("escalated_at").isNull());
		assertThat(escalated.get("state").asText()).isEqualTo("pending");
		return new Review(agent, id, requester, leads, Instant.parse(escalated.get("expires_at").asText()));
	}

	/** The first lead signs in to the portal, sees the policies and approves. */
	private Page firstApprovalInPortal(Review review) {
		Page page = newPage();
		signIn(page, review.leads().get(0));
		showsThePolicies(page, review, "0 of 2 approvals");
		approveInPortal(page);
		return page;
	}

	private void showsThePolicies(Page page, Review review, String approvals) {
		page.navigate("/consultations/" + review.id());
		assertThat(page.locator(".meta")).containsText("Escalated");
		assertThat(page.locator(".meta")).containsText(approvals);
		assertThat(page.locator(".meta")).containsText("requested by " + review.requester());
		// The deadline that applies now: the escalation's, not the team's 5 s.
		String shown = page.locator(".meta time").first().getAttribute("datetime");
		assertThat(page.locator(".meta .deadline")).containsText("Escalated deadline");
		assertThat(page.locator(".meta .deadline time")).hasAttribute("datetime", review.expiresAt().toString());
		assertThat(shown).isNotNull();
	}

	private static void approveInPortal(Page page) {
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve")).click();
		assertThat(page.locator("[role=status]")).isVisible();
	}

	private record Review(String agent, String id, String requester, List<String> leads, Instant expiresAt) {
	}

}
