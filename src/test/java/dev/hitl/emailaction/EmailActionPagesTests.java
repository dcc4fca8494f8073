package dev.hitl.emailaction;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ApiTestSupport;
import dev.hitl.delivery.ConsultationSnapshots;
import dev.hitl.delivery.email.AnswerLinks.AnswerLink;
import dev.hitl.portal.PortalClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The email answer pages over plain HTTP, with links minted as the email worker mints
 * them: a GET shows and changes nothing, the confirming POST answers once as the
 * recipient through channel email, and every link that cannot answer gets a page that
 * says why, never an error page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EmailActionPagesTests extends ApiTestSupport {

	@Autowired
	private EmailActionLinks links;

	@Autowired
	private ConsultationSnapshots snapshots;

	@Test
	void openingALinkShowsTheConsultationAndChangesNothing() {
		Setup setup = setup(map("context", map("order", 1042, "customer", map("name", "Ada"))));
		String approve = path(setup.links().get(0));
		String before = AnswerState.withSessions(this.jdbc, setup.id());
		PortalClient scanner = new PortalClient(this.port);
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> page = scanner.get(approve);
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).contains("Refund order 1042?")
				.contains("Confirm: Approve")
				.contains("order")
				.contains("{&quot;name&quot;:&quot;Ada&quot;}")
				.contains("name=\"comment\"")
				.contains("name=\"_csrf\"");
			assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
			assertThat(page.headers().firstValue("Content-Security-Policy"))
				.hasValueSatisfying((csp) -> assertThat(csp).contains("frame-ancestors 'none'"));
			assertThat(page.headers().firstValue("Cache-Control"))
				.hasValueSatisfying((cache) -> assertThat(cache).contains("no-store"));
			assertThat(page.headers().allValues("Set-Cookie")).noneMatch((cookie) -> cookie.startsWith("SESSION"));
		}
		assertThat(AnswerState.withSessions(this.jdbc, setup.id())).as("consultation, task, audit, tokens, sessions")
			.isEqualTo(before);
		assertThat(get(setup.agent(), setup.id()).get("state").asText()).isEqualTo("pending");
	}

	@Test
	void confirmingAnswersOnceAsTheRecipientThroughEmail() {
		Setup setup = setup(map());
		String reject = path(setup.links().get(1));
		PortalClient browser = new PortalClient(this.port);
		assertThat(browser.get(reject).body()).contains("Confirm: Reject");
		HttpResponse<String> answered = browser.post(reject, "comment", "Not this time");
		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
		assertThat(answered.body()).contains("Your answer was recorded");
		JsonNode response = get(setup.agent(), setup.id()).get("response");
		assertThat(response.get("decision").asText()).isEqualTo("rejected");
		assertThat(response.get("responded_by").asText()).isEqualTo(setup.reviewer());
		assertThat(response.get("channel").asText()).isEqualTo("email");
		assertThat(response.get("comment").asText()).isEqualTo("Not this time");
		HttpResponse<String> again = browser.post(reject, "comment", "Twice?");
		assertThat(again.statusCode()).isEqualTo(410);
		assertThat(again.body()).contains("This link was used already")
			.contains("It was answered (rejected) by " + setup.reviewer());
		HttpResponse<String> other = browser.get(path(setup.links().get(0)));
		assertThat(other.statusCode()).isEqualTo(410);
		assertThat(other.body()).contains("This consultation has ended").contains("via email");
		assertThat(get(setup.agent(), setup.id()).get("response").get("comment").asText()).isEqualTo("Not this time");
	}

	@Test
	void aPostWithoutThePagesCsrfTokenAnswersNothing() {
		Setup setup = setup(map());
		HttpResponse<String> forged = new PortalClient(this.port).post(path(setup.links().get(0)));
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(get(setup.agent(), setup.id()).get("state").asText()).isEqualTo("pending");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from email_action_token where consultation_id = ? and used_at is not null",
				Integer.class, java.util.UUID.fromString(setup.id())))
			.isZero();
	}

	@Test
	void tamperedAndUnknownLinksGetAPageThatSaysSo() {
		Setup setup = setup(map());
		String token = path(setup.links().get(0)).substring("/email-actions/".length());
		char flipped = (token.charAt(5) == 'A') ? 'B' : 'A';
		PortalClient visitor = new PortalClient(this.port);
		// The form token of a page of these links, as a browser that opened one has it.
		visitor.get(path(setup.links().get(1)));
		for (String tried : List.of(token.substring(0, 5) + flipped + token.substring(6), ActionTokens.mint(),
				token.substring(1), "x", token + token, "%E2%82%AC" + token.substring(3), "'%20or%201=1--")) {
			HttpResponse<String> page = visitor.get("/email-actions/" + tried);
			assertThat(page.statusCode()).as(tried).isEqualTo(404);
			assertThat(page.body()).as(tried)
				.contains("This link is not valid")
				.doesNotContain("Exception")
				.doesNotContain("Refund order 1042?");
			HttpResponse<String> posted = visitor.post("/email-actions/" + tried);
			assertThat(posted.statusCode()).as(tried).isEqualTo(404);
		}
		assertThat(get(setup.agent(), setup.id()).get("state").asText()).isEqualTo("pending");
	}

	@Test
	void theRequesterAndAFormerReviewerCannotAnswerByLink() {
		String group = uniqueId("team");
		String requester = uniqueId("req");
		newReviewer(requester, group);
		Setup setup = setup(group, map("requested_by", requester));
		List<AnswerLink> theirs = mint(setup.id(), requester);
		PortalClient browser = new PortalClient(this.port);
		browser.get(path(setup.links().get(0)));
		HttpResponse<String> page = browser.get(path(theirs.get(0)));
		assertThat(page.statusCode()).isEqualTo(403);
		assertThat(page.body()).contains("requested for you").contains("Refund order 1042?");
		assertThat(browser.post(path(theirs.get(0))).statusCode()).isEqualTo(403);
		assertThat(get(setup.agent(), setup.id()).get("state").asText()).isEqualTo("pending");
		assertThat(api().delete("/engine-rest/group/" + group + "/members/" + setup.reviewer(), ADMIN_AUTH).status())
			.isEqualTo(204);
		HttpResponse<String> former = browser.get(path(setup.links().get(0)));
		assertThat(former.statusCode()).isEqualTo(403);
		assertThat(former.body()).contains("no longer among this consultation").doesNotContain("Refund order 1042?");
		assertThat(get(setup.agent(), setup.id()).get("state").asText()).isEqualTo("pending");
	}

	@Test
	void aLinkOfACancelledConsultationSaysItWasCancelled() {
		Setup setup = setup(map());
		assertThat(api().post("/api/v1/consultations/" + setup.id() + "/cancel", setup.agent(), map()).status())
			.isEqualTo(200);
		PortalClient browser = new PortalClient(this.port);
		HttpResponse<String> page = browser.get(path(setup.links().get(0)));
		assertThat(page.statusCode()).isEqualTo(410);
		assertThat(page.body()).contains("This consultation has ended")
			.contains("It was cancelled by the agent that asked")
			.doesNotContain("name=\"_csrf\"");
	}

	@Test
	void aConsultationClaimedByAnotherReviewerWaitsForTheirRelease() {
		String group = uniqueId("team");
		String claimer = uniqueId("rev");
		String claimerAuth = newReviewer(claimer, group);
		Setup setup = setup(group, map());
		assertThat(api().post("/api/v1/consultations/" + setup.id() + "/claim", claimerAuth, map()).status())
			.isEqualTo(200);
		PortalClient browser = new PortalClient(this.port);
		HttpResponse<String> page = browser.get(path(setup.links().get(0)));
		assertThat(page.statusCode()).isEqualTo(409);
		assertThat(page.body()).contains("Another reviewer has claimed this consultation");
		assertThat(api().post("/api/v1/consultations/" + setup.id() + "/unclaim", claimerAuth, map()).status())
			.isEqualTo(200);
		assertThat(browser.get(path(setup.links().get(0))).statusCode()).isEqualTo(200);
		assertThat(browser.post(path(setup.links().get(0))).statusCode()).isEqualTo(200);
		assertThat(get(setup.agent(), setup.id()).get("response").get("responded_by").asText())
			.isEqualTo(setup.reviewer());
	}

	@Test
	void aTextLinkAsksForTheTextAndAnEmptyOneCanBeTriedAgain() {
		Setup setup = setup(map("response_type", "text"));
		assertThat(setup.links()).hasSize(1);
		String write = path(setup.links().get(0));
		PortalClient browser = new PortalClient(this.port);
		assertThat(browser.get(write).body()).contains("name=\"text\"");
		HttpResponse<String> empty = browser.post(write, "text", " ");
		assertThat(empty.statusCode()).isEqualTo(400);
		assertThat(empty.body()).contains("text must be 1 to");
		HttpResponse<String> answered = browser.post(write, "text", "The address is 1 Main St");
		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
		assertThat(get(setup.agent(), setup.id()).get("response").get("text").asText())
			.isEqualTo("The address is 1 Main St");
	}

	@Test
	void aChoiceEmailHasOneLinkPerOptionAndEachGivesItsOption() {
		Setup setup = setup(map("response_type", "choice", "options",
				List.of(map("value", "a", "label", "Send reply A"), map("value", "b", "label", "Send reply B"))));
		assertThat(setup.links()).extracting(AnswerLink::label).containsExactly("Send reply A", "Send reply B");
		PortalClient browser = new PortalClient(this.port);
		String second = path(setup.links().get(1));
		assertThat(browser.get(second).body()).contains("Confirm: Send reply B");
		assertThat(browser.post(second).statusCode()).isEqualTo(200);
		assertThat(get(setup.agent(), setup.id()).get("response").get("choice").asText()).isEqualTo("b");
	}

	@Test
	void renderingTheSameEmailAgainReplacesItsUnusedLinks() {
		Setup setup = setup(map());
		List<AnswerLink> again = mint(setup.id(), setup.reviewer());
		PortalClient browser = new PortalClient(this.port);
		assertThat(browser.get(path(setup.links().get(0))).statusCode()).isEqualTo(404);
		assertThat(browser.get(path(again.get(0))).statusCode()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject("select count(*) from email_action_token where consultation_id = ?",
				Integer.class, java.util.UUID.fromString(setup.id())))
			.isEqualTo(2);
	}

	@Test
	void oneLinkOpenedTooOftenIsRateLimited() {
		Setup setup = setup(map());
		String approve = path(setup.links().get(0));
		PortalClient browser = new PortalClient(this.port);
		for (int i = 0; i < 10; i++) {
			assertThat(browser.get(approve).statusCode()).isEqualTo(200);
		}
		HttpResponse<String> limited = browser.get(approve);
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After")).isPresent();
		assertThat(limited.body()).contains("Too many tries");
		assertThat(browser.get(path(mint(setup.id(), setup.reviewer()).get(0))).statusCode())
			.as("another link of the same address")
			.isEqualTo(200);
	}

	private Setup setup(Map<String, Object> extra) {
		return setup(uniqueId("team"), extra);
	}

	private Setup setup(String group, Map<String, Object> extra) {
		String reviewer = uniqueId("rev");
		newReviewer(reviewer, group);
		String agent = newAgent();
		Map<String, Object> body = new java.util.HashMap<>(
				map("title", "Refund order 1042?", "reviewers", reviewers(List.of(group), List.of())));
		body.putAll(extra);
		String id = create(agent, body).get("id").asText();
		return new Setup(id, agent, reviewer, mint(id, reviewer));
	}

	private List<AnswerLink> mint(String id, String recipient) {
		return this.links.linksFor(this.snapshots.find(id).orElseThrow(), "consultation-requested", recipient);
	}

	private static String path(AnswerLink link) {
		return java.net.URI.create(link.url()).getPath();
	}

	private record Setup(String id, String agent, String reviewer, List<AnswerLink> links) {
	}

}
