package dev.hitl.emailaction;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hitl.ReviewTestSupport;
import dev.hitl.TestMailServer;
import dev.hitl.delivery.ConsultationSnapshots;
import dev.hitl.delivery.email.AnswerLinks.AnswerLink;
import dev.hitl.portal.PortalClient;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Email answers end to end on PostgreSQL: the consultation is created over the API, the
 * email worker sends it to GreenMail, and the links are taken from the real messages.
 * Prints, for the figures, how long creation took to reach the reviewer's inbox
 * and a confirmed answer to reach the agent's webhook (p50 and worst of 20).
 */
class EmailActionsIntegrationTests extends ReviewTestSupport {

	private static final int RUNS = 20;

	private static final Pattern LINK = Pattern.compile("- (Approve|Reject): (\\S+/email-actions/\\S+)");

	@Autowired
	private EmailActionLinks links;

	@Autowired
	private ConsultationSnapshots snapshots;

	@Test
	void anApproveLinkFromTheEmailAnswersOnceAndAnotherReviewersLinkTellsHowItEnded() throws Exception {
		Review review = review(2, map());
		Person first = review.reviewer(0);
		Person second = review.reviewer(1);
		Map<String, String> firstLinks = links(email(first, review));
		Map<String, String> secondLinks = links(email(second, review));
		// Absolute, on the public URL of whichever node's worker sent it (this test JVM
		// keeps other nodes' contexts on the same database), with a 256-bit token.
		assertThat(firstLinks.get("Approve")).matches("https?://[^/]+/email-actions/[A-Za-z0-9_-]{43}")
			.isNotEqualTo(secondLinks.get("Approve"));
		String approve = path(firstLinks.get("Approve"));
		String before = AnswerState.of(this.jdbc, review.id());
		PortalClient browser = new PortalClient(this.port);
		HttpResponse<String> page = browser.get(approve);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Refund order 1042?").contains("Confirm: Approve");
		assertThat(new PortalClient(this.port).get(approve).statusCode()).as("a link scanner").isEqualTo(200);
		assertThat(AnswerState.of(this.jdbc, review.id())).as("nothing changed by opening the link").isEqualTo(before);

		HttpResponse<String> answered = browser.post(approve, "comment", "Fine by me");
		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
		assertThat(answered.body()).contains("Your answer was recorded");
		assertAnsweredBy(review, first.id(), "email");
		assertThat(terminalWebhook(review).get("data").get("response").get("decision").asText()).isEqualTo("approved");

		HttpResponse<String> reused = browser.post(approve, "comment", "Again");
		assertThat(reused.statusCode()).isEqualTo(410);
		assertThat(reused.body()).contains("This link was used already");
		assertThat(browser.get(approve).statusCode()).isEqualTo(410);
		PortalClient other = new PortalClient(this.port);
		HttpResponse<String> late = other.get(path(secondLinks.get("Reject")));
		assertThat(late.statusCode()).isEqualTo(410);
		assertThat(late.body()).contains("This consultation has ended")
			.contains("It was answered (approved) by " + first.id())
			.contains("via email");
		JsonNode resource = get(review.key().authorization(), review.id());
		assertThat(resource.get("response").get("comment").asText()).isEqualTo("Fine by me");
		assertThat(resource.get("response").get("responded_by").asText()).isEqualTo(first.id());
	}

	@Test
	void theRequesterGetsNoLinksAndOneMintedForThemAnswersNothing() throws Exception {
		String requester = uniqueId("req");
		Review review = review(1, (people) -> map("requested_by", requester));
		newReviewer(requester, review.group());
		assertThat(links(email(review.reviewer(0), review))).containsKeys("Approve", "Reject");
		assertThat(TestMailServer.receivedBy(requester + "@example.com")).isEmpty();
		List<AnswerLink> theirs = this.links.linksFor(this.snapshots.find(review.id()).orElseThrow(),
				"consultation-requested", requester);
		PortalClient browser = new PortalClient(this.port);
		browser.get(path(links(email(review.reviewer(0), review)).get("Reject")));
		HttpResponse<String> page = browser.get(path(theirs.get(0).url()));
		assertThat(page.statusCode()).isEqualTo(403);
		assertThat(page.body()).contains("requested for you");
		assertThat(browser.post(path(theirs.get(0).url())).statusCode()).isEqualTo(403);
		assertThat(get(review.key().authorization(), review.id()).get("state").asText()).isEqualTo("pending");
	}

	@Test
	void aTamperedLinkGetsAPageNotAnError() throws Exception {
		Review review = review(1, map());
		String approve = path(links(email(review.reviewer(0), review)).get("Approve"));
		String token = approve.substring(approve.lastIndexOf('/') + 1);
		String tampered = token.substring(0, token.length() - 1) + ((token.endsWith("A")) ? "B" : "A");
		PortalClient browser = new PortalClient(this.port);
		HttpResponse<String> page = browser.get("/email-actions/" + tampered);
		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> type.startsWith("text/html"));
		assertThat(page.body()).contains("This link is not valid").doesNotContain("Refund order 1042?");
		assertThat(get(review.key().authorization(), review.id()).get("state").asText()).isEqualTo("pending");
	}

	@Test
	void racingClicksOnOneLinkAndOnTwoReviewersLinksAnswerOnce() throws Exception {
		Review review = review(2, map());
		String approve = path(links(email(review.reviewer(0), review)).get("Approve"));
		String rival = path(links(email(review.reviewer(1), review)).get("Reject"));
		PortalClient browser = new PortalClient(this.port);
		browser.get(approve);
		PortalClient other = new PortalClient(this.port);
		other.get(rival);
		List<String> pages = java.util.Collections.synchronizedList(new ArrayList<>());
		List<java.util.concurrent.Callable<Integer>> clicks = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			clicks.add(() -> click(browser, approve, pages));
		}
		clicks.add(() -> click(other, rival, pages));
		clicks.add(() -> click(other, rival, pages));
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clicks.size());
		List<Integer> statuses = new ArrayList<>();
		try {
			for (java.util.concurrent.Future<Integer> status : pool.invokeAll(clicks)) {
				statuses.add(status.get());
			}
		}
		finally {
			pool.shutdownNow();
		}
		Tally tally = tally("email links: 6 clicks on one link, 2 on a rival's", statuses);
		assertThat(tally.ok()).as(statuses.toString()).isEqualTo(1);
		assertThat(statuses).as("the others are told why").allMatch((status) -> status == 200 || status == 410);
		assertThat(pages).as("each loser is told the link was used or the consultation has ended")
			.allMatch((page) -> page.contains("Your answer was recorded") || page.contains("This link was used already")
					|| page.contains("This consultation has ended"));
		JsonNode response = get(review.key().authorization(), review.id()).get("response");
		assertThat(response.get("channel").asText()).isEqualTo("email");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where consultation_id = ? and action = 'consultation.responded'",
				Integer.class, UUID.fromString(review.id())))
			.isEqualTo(1);
	}

	private static int click(PortalClient browser, String link, List<String> pages) {
		HttpResponse<String> page = browser.post(link);
		pages.add(page.body());
		return page.statusCode();
	}

	@Test
	void twoApprovalsByLinkNeedTwoReviewersAndTheFirstCannotAddARejection() throws Exception {
		Review review = review(2, map("approvals_required", 2));
		Map<String, String> first = links(email(review.reviewer(0), review));
		Map<String, String> second = links(email(review.reviewer(1), review));
		PortalClient browser = new PortalClient(this.port);
		browser.get(path(first.get("Approve")));
		assertThat(browser.post(path(first.get("Approve"))).statusCode()).isEqualTo(200);
		JsonNode pending = get(review.key().authorization(), review.id());
		assertThat(pending.get("state").asText()).isEqualTo("pending");
		assertThat(pending.get("response").get("approvals").get(0).get("channel").asText()).isEqualTo("email");
		HttpResponse<String> again = browser.get(path(first.get("Reject")));
		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("You approved this consultation already");
		assertThat(browser.post(path(first.get("Reject"))).statusCode()).isEqualTo(409);
		assertThat(browser.post(path(second.get("Approve"))).statusCode()).isEqualTo(200);
		JsonNode done = get(review.key().authorization(), review.id());
		assertThat(done.get("state").asText()).isEqualTo("responded");
		assertThat(done.get("response").get("decision").asText()).isEqualTo("approved");
		assertThat(done.get("response").get("approvals")).extracting((approval) -> approval.get("user").asText())
			.containsExactly(review.reviewer(0).id(), review.reviewer(1).id());
	}

	@Test
	void aRetriedSendLeavesOneLiveSetOfLinksThoseOfTheEmailThatArrived() throws Exception {
		String group = uniqueId("team");
		String reviewer = uniqueId("rev");
		newReviewer(reviewer, group);
		TestMailServer.refuseNext(reviewer + "@example.com", 2);
		Review review = review(0, map("reviewers", reviewers(List.of(group), List.of())));
		Person person = new Person(reviewer, null, null);
		Map<String, String> links = links(email(person, review));
		assertThat(this.jdbc.queryForObject(
				"select count(*) from email_action_token where consultation_id = ? and recipient = ?", Integer.class,
				UUID.fromString(review.id()), reviewer))
			.as("approve and reject of the one email that went out")
			.isEqualTo(2);
		PortalClient browser = new PortalClient(this.port);
		assertThat(browser.get(path(links.get("Approve"))).statusCode()).isEqualTo(200);
		assertThat(browser.post(path(links.get("Approve"))).statusCode()).isEqualTo(200);
		assertThat(get(review.key().authorization(), review.id()).get("response").get("responded_by").asText())
			.isEqualTo(reviewer);
	}

	@Test
	void figuresCreationToEmailAndConfirmToWebhook() throws Exception {
		List<Long> toInbox = new ArrayList<>();
		List<Long> toWebhook = new ArrayList<>();
		for (int i = 0; i < RUNS; i++) {
			Review review = review(1, map("title", "Figures " + UUID.randomUUID()));
			MimeMessage message = email(review.reviewer(0), review);
			// From the server's creation instant (same host clock) to the poll that saw
			// it.
			java.time.Instant created = java.time.Instant
				.parse(get(review.key().authorization(), review.id()).get("created_at").asText());
			toInbox.add(Duration.between(created, ARRIVALS.get(review.id())).toMillis());
			String approve = path(links(message).get("Approve"));
			PortalClient browser = new PortalClient(this.port);
			assertThat(browser.get(approve).statusCode()).isEqualTo(200);
			long confirmed = System.nanoTime();
			assertThat(browser.post(approve).statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> !receiver.requests(review.path()).isEmpty());
			toWebhook.add(Duration.ofNanos(System.nanoTime() - confirmed).toMillis());
			assertThat(terminalWebhook(review).get("data").get("response").get("channel").asText()).isEqualTo("email");
		}
		figure("creation (POST /api/v1/consultations) -> reviewer email in GreenMail", toInbox);
		figure("email link confirmed (POST /email-actions/{token}) -> consultation.responded webhook", toWebhook);
	}

	/** The consultation-requested email the reviewer got for it. */
	private static MimeMessage email(Person reviewer, Review review) {
		String subject = "Your judgement is needed: " + get(review);
		MimeMessage message = await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> find(reviewer.id() + "@example.com", subject), (found) -> found != null);
		ARRIVALS.putIfAbsent(review.id(), java.time.Instant.now());
		return message;
	}

	private static MimeMessage find(String address, String subject) throws Exception {
		for (MimeMessage message : TestMailServer.receivedBy(address)) {
			if (subject.equals(message.getSubject())) {
				return message;
			}
		}
		return null;
	}

	private static String get(Review review) {
		return TITLES.getOrDefault(review.id(), "Refund order 1042?");
	}

	private static final Map<String, java.time.Instant> ARRIVALS = new java.util.concurrent.ConcurrentHashMap<>();

	private static final Map<String, String> TITLES = new java.util.concurrent.ConcurrentHashMap<>();

	@Override
	protected Review review(int reviewers, Map<String, Object> extra) {
		Review review = super.review(reviewers, extra);
		if (extra.get("title") != null) {
			TITLES.put(review.id(), (String) extra.get("title"));
		}
		return review;
	}

	/** The answer links of the plain-text part, by label; the HTML part has the same. */
	private static Map<String, String> links(MimeMessage message) throws Exception {
		String text = TestMailServer.plainText(message);
		String html = TestMailServer.html(message);
		Map<String, String> found = new java.util.HashMap<>();
		Matcher matcher = LINK.matcher(text);
		while (matcher.find()) {
			found.put(matcher.group(1), matcher.group(2));
			assertThat(html).contains("href=\"" + matcher.group(2) + "\"");
		}
		return found;
	}

	private static String path(String url) {
		return URI.create(url).getPath();
	}

	private static void figure(String label, List<Long> millis) {
		List<Long> sorted = millis.stream().sorted().toList();
		System.out.printf("FIGURE %s: n=%d, p50 %d ms, worst %d ms%n", label, sorted.size(),
				sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
	}

}
