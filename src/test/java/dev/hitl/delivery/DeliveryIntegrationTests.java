package dev.hitl.delivery;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import dev.hitl.ApplicationNode;
import dev.hitl.HttpApi.Result;
import dev.hitl.PostgresIntegrationTestSupport;
import dev.hitl.TestMailServer;
import dev.hitl.delivery.WebhookReceiver.Behaviour;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.test.context.TestPropertySource;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks and email end to end on PostgreSQL: a real HTTP receiver on loopback,
 * GreenMail as the SMTP server, and the workers running against this node's engine REST
 * API. The retry schedule is compressed to seconds.
 */
@TestPropertySource(properties = { "hitl.webhook.allow-private-networks=true", "hitl.webhook.retry-schedule=PT1S,PT1S",
		"hitl.webhook.connect-timeout=PT1S", "hitl.webhook.timeout=PT2S",
		"hitl.mail.retry-schedule=PT1S,PT2S,PT2S,PT2S", "hitl.mail.concurrency=1",
		"hitl.mail.from=HITL <hitl@test.example>", "hitl.public-url=https://hitl.test.example" })
@ExtendWith(OutputCaptureExtension.class)
class DeliveryIntegrationTests extends PostgresIntegrationTestSupport {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final WebhookReceiver receiver = startReceiver();

	@Autowired
	private IdentityService identity;

	/**
	 * The receiver goes; the SMTP server stays up as long as the JVM, for every context's
	 * email workers.
	 */
	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Test
	void answeredConsultationDeliversOneSignedRespondedWebhookAndTheEmails() throws Exception {
		Scenario s = scenario("/answered-" + UUID.randomUUID(), "approval", null);
		awaitEmail(s.email, "Your judgement is needed: " + s.title);
		respond(s, map("decision", "approved", "comment", "fine"));
		List<WebhookReceiver.Request> requests = awaitWebhooks(s.path, 1);
		WebhookReceiver.Request webhook = requests.get(0);
		new Webhook(s.key.webhookSecret()).verify(webhook.body(), webhook.headers());
		JsonNode payload = JSON.readTree(webhook.body());
		assertThat(payload.get("type").asText()).isEqualTo("consultation.responded");
		assertThat(payload.get("data").get("id").asText()).isEqualTo(s.id);
		assertThat(payload.get("data").get("state").asText()).isEqualTo("responded");
		assertThat(payload.get("data").get("response").get("decision").asText()).isEqualTo("approved");
		assertThat(payload.get("timestamp").asText()).isEqualTo(payload.get("data").get("updated_at").asText());
		assertExactShape(webhook, payload, get(s.key.authorization(), s.id));
		awaitEmail(s.email, "Your answer was recorded: " + s.title);
		awaitCallback(s, "delivered");
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(3))
			.until(() -> receiver.requests(s.path).size() == 1);
		assertThat(get(s.key.authorization(), s.id).get("callback").get("attempts").asInt()).isEqualTo(1);
	}

	@Test
	void timedOutConsultationDeliversTimedOutWebhookAndAlertsReviewers() throws Exception {
		Scenario s = scenario("/timeout-" + UUID.randomUUID(), "approval", "PT5S");
		WebhookReceiver.Request webhook = awaitWebhooks(s.path, 1).get(0);
		new Webhook(s.key.webhookSecret()).verify(webhook.body(), webhook.headers());
		JsonNode payload = JSON.readTree(webhook.body());
		assertThat(payload.get("type").asText()).isEqualTo("consultation.timed_out");
		assertThat(payload.get("data").get("state").asText()).isEqualTo("timed_out");
		awaitEmail(s.email, "Timed out unanswered: " + s.title);
		awaitCallback(s, "delivered");
		assertThat(receiver.requests(s.path)).hasSize(1);
	}

	@Test
	void cancelledConsultationDeliversCancelledWebhook() throws Exception {
		Scenario s = scenario("/cancel-" + UUID.randomUUID(), "approval", null);
		assertThat(api().post("/api/v1/consultations/" + s.id + "/cancel", s.key.authorization(), "").status())
			.isEqualTo(200);
		WebhookReceiver.Request webhook = awaitWebhooks(s.path, 1).get(0);
		new Webhook(s.key.webhookSecret()).verify(webhook.body(), webhook.headers());
		assertThat(JSON.readTree(webhook.body()).get("type").asText()).isEqualTo("consultation.cancelled");
		awaitCallback(s, "delivered");
	}

	@Test
	void aReceiverThatFailsTwiceGetsThreeAttemptsWithOneWebhookId() throws Exception {
		Scenario s = scenario("/flaky-" + UUID.randomUUID(), "approval", null);
		receiver.behave(s.path, Behaviour.failFirst(2));
		respond(s, map("decision", "rejected"));
		List<WebhookReceiver.Request> attempts = awaitWebhooks(s.path, 3);
		awaitCallback(s, "delivered");
		assertThat(attempts).extracting((request) -> request.header("webhook-id"))
			.containsOnly(attempts.get(0).header("webhook-id"));
		// A fresh timestamp per attempt, never older than the previous attempt's.
		assertThat(attempts).extracting((request) -> Long.parseLong(request.header("webhook-timestamp")))
			.isSorted()
			.allSatisfy((timestamp) -> assertThat(timestamp).isGreaterThan(0));
		for (WebhookReceiver.Request attempt : attempts) {
			new Webhook(s.key.webhookSecret()).verify(attempt.body(), attempt.headers());
		}
		assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at()))
			.isGreaterThanOrEqualTo(Duration.ofMillis(900));
		JsonNode callback = get(s.key.authorization(), s.id).get("callback");
		assertThat(callback.get("attempts").asInt()).isEqualTo(3);
		assertThat(callback.get("status").asText()).isEqualTo("delivered");
	}

	@Test
	void aReceiverThatAlwaysFailsEndsFailedWithAnIncidentAndRedeliverSucceeds() throws Exception {
		Scenario s = scenario("/down-" + UUID.randomUUID(), "approval", null);
		receiver.behave(s.path, Behaviour.answer(500));
		respond(s, map("decision", "approved"));
		awaitWebhooks(s.path, 3);
		JsonNode callback = awaitCallback(s, "failed");
		assertThat(callback.get("attempts").asInt()).isEqualTo(3);
		assertThat(callback.get("last_error").asText()).startsWith("HTTP 500");
		String instanceId = processInstanceId(s.id);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> api().get("/engine-rest/incident?processInstanceId=" + instanceId, ADMIN_AUTH)
				.json()
				.size() == 1);

		assertThat(api().post("/api/v1/consultations/" + s.id + "/redeliver", s.key.authorization(), "").status())
			.isEqualTo(403);
		receiver.behave(s.path, Behaviour.answer(200));
		Result redelivered = api().post("/api/v1/consultations/" + s.id + "/redeliver", ADMIN_AUTH, "");
		assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(202);
		List<WebhookReceiver.Request> attempts = awaitWebhooks(s.path, 4);
		assertThat(attempts.get(3).header("webhook-id")).isEqualTo(attempts.get(0).header("webhook-id"));
		assertThat(awaitCallback(s, "delivered").get("attempts").asInt()).isEqualTo(4);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> api().get("/engine-rest/incident?processInstanceId=" + instanceId, ADMIN_AUTH)
				.json()
				.isEmpty());
		assertThat(api().post("/api/v1/consultations/" + s.id + "/redeliver", ADMIN_AUTH, "").status()).isEqualTo(409);
	}

	@Test
	void aSlowReceiverIsRetriedButNeverSentTheSameWebhookTwiceAtOnce() throws Exception {
		Scenario s = scenario("/slow-" + UUID.randomUUID(), "approval", null);
		// Past the 2 s timeout, so the first attempt fails, but over before any retry
		// (timeout plus the 1 s delay): two requests at once can only be a duplicate.
		receiver.behave(s.path, Behaviour.stallFirst(1, 2500));
		respond(s, map("decision", "approved"));
		awaitCallback(s, "delivered");
		assertThat(receiver.requests(s.path)).hasSize(2);
		assertThat(receiver.maxInFlight(s.path)).isEqualTo(1);
	}

	@Test
	void emailsSurviveAnSmtpOutage() throws Exception {
		TestMailServer.stop();
		Scenario s;
		try {
			s = scenario("/smtp-" + UUID.randomUUID(), "approval", null);
			Thread.sleep(2500);
		}
		finally {
			TestMailServer.restart();
		}
		awaitEmail(s.email, "Your judgement is needed: " + s.title);
	}

	@Test
	void anSmtpFailureMidListStillMailsEachReviewerExactlyOnce() throws Exception {
		Team team = team(4);
		TestMailServer.refuseNext(team.addresses().get(1), 1);
		String title = "Mid-list failure " + UUID.randomUUID().toString().substring(0, 8);
		create(newAgent(), map("title", title, "reviewers", reviewers(List.of(team.group()), List.of())));
		awaitEachMailedOnce(team.addresses(), "Your judgement is needed: " + title);
		System.out.printf("SMTP refusing 1 of %d recipients once: %d emails sent, each recipient once%n",
				team.addresses().size(), team.addresses().size());
	}

	/**
	 * The first worker to take the email task is held up by the SMTP server past the
	 * task's lock (3 s here); a worker of the other node takes the task over meanwhile.
	 * Each reviewer still gets the email once.
	 */
	@Test
	void twoNodesWorkingOneEmailTaskAfterItsLockRanOutMailEachReviewerOnce() throws Exception {
		Team team = team(5);
		try (ApplicationNode other = ApplicationNode.start("email-node",
				"--spring.datasource.hikari.maximum-pool-size=6", "--spring.mail.host=127.0.0.1",
				"--spring.mail.port=" + TestMailServer.port(), "--hitl.mail.lock-duration=PT3S",
				"--hitl.mail.retry-schedule=PT1S,PT1S,PT1S,PT1S", "--hitl.worker.long-poll=PT1S",
				"--hitl.mail.concurrency=1", "--hitl.webhook.allow-private-networks=true")) {
			TestMailServer.stallNext(team.addresses().get(0), Duration.ofSeconds(12));
			String title = "Two nodes " + UUID.randomUUID().toString().substring(0, 8);
			String id = create(newAgent(),
					map("title", title, "reviewers", reviewers(List.of(team.group()), List.of())))
				.get("id")
				.asText();
			String instance = processInstanceId(id);
			// A worker id is a node's id, the topic and a slot. Each node has one
			// email client here, so two worker ids are two nodes.
			Set<String> workers = ConcurrentHashMap.newKeySet();
			await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
				this.jdbc
					.queryForList(
							"select worker_id_ from act_ru_ext_task where proc_inst_id_ = ? "
									+ "and topic_name_ = 'sendEmail' and worker_id_ is not null",
							String.class, instance)
					.forEach((worker) -> workers.add(worker.substring(0, worker.indexOf("-sendEmail"))));
				return workers.size() >= 2;
			});
			awaitEachMailedOnce(team.addresses(), "Your judgement is needed: " + title);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.jdbc.queryForObject("select count(*) from act_ru_ext_task where proc_inst_id_ = ? "
						+ "and topic_name_ = 'sendEmail'", Long.class, instance) == 0);
			System.out.printf("Email task taken over after its lock ran out: %d nodes worked it (%s), %d recipients, "
					+ "each mailed once%n", workers.size(), workers, team.addresses().size());
		}
	}

	@Test
	void noRequestForJudgementGoesOutAfterAnOutageOnceTheConsultationHasEnded() throws Exception {
		Team team = team(1);
		String agent = newAgent();
		String title = "Ended during an outage " + UUID.randomUUID().toString().substring(0, 8);
		String id;
		TestMailServer.stop();
		try {
			id = create(agent, map("title", title, "reviewers", reviewers(List.of(team.group()), List.of()))).get("id")
				.asText();
			String instance = processInstanceId(id);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.jdbc.queryForObject(
						"select count(*) from act_ru_ext_task where proc_inst_id_ = ? "
								+ "and topic_name_ = 'sendEmail' and error_msg_ is not null",
						Long.class, instance) == 1);
			assertThat(api().post("/api/v1/consultations/" + id + "/cancel", agent, "").status()).isEqualTo(200);
		}
		finally {
			TestMailServer.restart();
		}
		String path = "/engine-rest/history/process-instance?processInstanceBusinessKey=" + id;
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "COMPLETED".equals(api().get(path, ADMIN_AUTH).json().get(0).get("state").asText()));
		assertThat(TestMailServer.receivedBy(team.addresses().get(0))).isEmpty();
	}

	@Test
	void aGroupOverTheLimitIsMailedUpToItLoggedWithoutAddressesAndCounted(CapturedOutput output) throws Exception {
		String group = uniqueId("crowd");
		String domain = group.toLowerCase() + ".example.com";
		this.identity.saveGroup(this.identity.newGroup(group));
		for (int i = 0; i < 501; i++) {
			User user = this.identity.newUser(uniqueId("m"));
			user.setEmail(user.getId() + "@" + domain);
			this.identity.saveUser(user);
			this.identity.createMembership(user.getId(), group);
		}
		double cutBefore = cutCount();
		String title = "Everyone " + UUID.randomUUID().toString().substring(0, 8);
		String id = create(newAgent(), map("title", title, "reviewers", reviewers(List.of(group), List.of()))).get("id")
			.asText();
		await().atMost(Duration.ofSeconds(90)).until(() -> mailedTo(domain).size() >= 500);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from act_ru_ext_task where proc_inst_id_ = ? " + "and topic_name_ = 'sendEmail'",
					Long.class, processInstanceId(id)) == 0);
		List<String> mailed = mailedTo(domain);
		assertThat(mailed).hasSize(500).doesNotHaveDuplicates();
		assertThat(output).contains("Email consultation-requested for consultation " + id
				+ " goes to the first 500 of up to 501 candidate reviewers (groups [" + group + "], 0 users)");
		assertThat(output.getAll().lines().filter((line) -> line.contains("dev.hitl.")))
			.noneMatch((line) -> line.contains("@" + domain));
		assertThat(cutCount()).isGreaterThan(cutBefore);
		System.out.printf("A group of 501: %d emails sent, each once; the cut logged and counted%n", mailed.size());
	}

	/**
	 * Answers in a row each deliver their own webhook. The figures are printed for a
	 * reader; their targets are checked by the benchmark (bench/, scenario 5), not here.
	 */
	@Test
	void answersInARowEachDeliverTheirOwnRespondedWebhook() throws Exception {
		List<Long> webhookMillis = new ArrayList<>();
		List<Long> emailMillis = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Scenario s = scenario("/latency-" + UUID.randomUUID(), "approval", null);
			awaitEmail(s.email, "Your judgement is needed: " + s.title);
			emailMillis.add(Duration.between(s.requested(), Instant.now()).toMillis());
			respond(s, map("decision", "approved"));
			Instant answered = Instant.now();
			WebhookReceiver.Request webhook = awaitWebhooks(s.path, 1).get(0);
			webhookMillis.add(Duration.between(answered, webhook.at()).toMillis());
			JsonNode payload = JSON.readTree(webhook.body());
			assertThat(payload.get("type").asText()).isEqualTo("consultation.responded");
			assertThat(payload.get("data").get("id").asText()).isEqualTo(s.id);
		}
		Collections.sort(webhookMillis);
		Collections.sort(emailMillis);
		System.out.printf("Answer -> webhook over 10: median %d ms, worst %d ms%n", webhookMillis.get(5),
				webhookMillis.get(9));
		System.out.printf("Create -> new-consultation email over 10: median %d ms, worst %d ms%n", emailMillis.get(5),
				emailMillis.get(9));
	}

	/**
	 * ARCHITECTURE section 5 to the letter: JSON with exactly type, timestamp and data
	 * (the consultation resource), and the three Standard Webhooks headers.
	 */
	private static void assertExactShape(WebhookReceiver.Request webhook, JsonNode payload, JsonNode resource) {
		assertThat(webhook.header("content-type")).startsWith("application/json");
		assertThat(webhook.header("webhook-id")).matches("msg_[0-9a-f]{32}");
		assertThat(webhook.header("webhook-signature")).matches("v1,[A-Za-z0-9+/]{43}=");
		assertThat(Long.parseLong(webhook.header("webhook-timestamp"))).isBetween(webhook.at().getEpochSecond() - 5,
				webhook.at().getEpochSecond());
		List<String> fields = new ArrayList<>();
		payload.fieldNames().forEachRemaining(fields::add);
		assertThat(fields).containsExactly("type", "timestamp", "data");
		List<String> dataFields = new ArrayList<>();
		payload.get("data").fieldNames().forEachRemaining(dataFields::add);
		List<String> resourceFields = new ArrayList<>();
		resource.fieldNames().forEachRemaining(resourceFields::add);
		assertThat(dataFields).containsExactlyElementsOf(resourceFields);
		assertThat(payload.get("data").get("response")).isEqualTo(resource.get("response"));
	}

	private Scenario scenario(String path, String responseType, String timeout) {
		String group = uniqueId("team");
		String userId = uniqueId("rev");
		String reviewer = newReviewer(userId, group);
		AgentKey key = newAgentKey("owner-" + UUID.randomUUID());
		String title = "Question " + UUID.randomUUID().toString().substring(0, 8);
		Map<String, Object> body = new HashMap<>(map("title", title, "response_type", responseType, "callback_url",
				receiver.url(path), "reviewers", reviewers(List.of(group), List.of())));
		if (timeout != null) {
			body.put("timeout", timeout);
		}
		Instant requested = Instant.now();
		String id = create(key.authorization(), body).get("id").asText();
		return new Scenario(id, path, key, reviewer, userId + "@example.com", title, requested);
	}

	private void respond(Scenario s, Map<String, Object> answer) {
		Result answered = api().post("/api/v1/consultations/" + s.id + "/respond", s.reviewer, answer);
		assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
	}

	private List<WebhookReceiver.Request> awaitWebhooks(String path, int count) {
		await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests(path).size() >= count);
		return receiver.requests(path);
	}

	private JsonNode awaitCallback(Scenario s, String status) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> get(s.key.authorization(), s.id).get("callback").get("status").asText().equals(status));
		return get(s.key.authorization(), s.id).get("callback");
	}

	private void awaitEmail(String to, String subject) throws Exception {
		await().atMost(Duration.ofSeconds(20)).until(() -> received(to, subject).size() >= 1);
		List<MimeMessage> messages = received(to, subject);
		assertThat(messages).hasSize(1);
	}

	private static List<MimeMessage> received(String to, String subject) throws Exception {
		List<MimeMessage> found = new ArrayList<>();
		for (MimeMessage message : TestMailServer.receivedBy(to)) {
			if (subject.equals(message.getSubject())) {
				found.add(message);
			}
		}
		return found;
	}

	/** Reviewers of one fresh group, their addresses sorted as the worker mails them. */
	private Team team(int size) {
		String group = uniqueId("team");
		List<String> addresses = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			String userId = uniqueId("rev");
			newReviewer(userId, group);
			addresses.add(userId + "@example.com");
		}
		Collections.sort(addresses);
		return new Team(group, addresses);
	}

	private static void awaitEachMailedOnce(List<String> addresses, String subject) throws Exception {
		await().atMost(Duration.ofSeconds(40)).until(() -> {
			for (String address : addresses) {
				if (received(address, subject).isEmpty()) {
					return false;
				}
			}
			return true;
		});
		// Long enough for a duplicate to arrive: past a retry and a lock expiry.
		await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8)).until(() -> {
			for (String address : addresses) {
				if (received(address, subject).size() != 1) {
					return false;
				}
			}
			return true;
		});
	}

	private static List<String> mailedTo(String domain) throws Exception {
		List<String> found = new ArrayList<>();
		for (MimeMessage message : TestMailServer.received()) {
			String to = message.getAllRecipients()[0].toString();
			if (to.endsWith("@" + domain)) {
				found.add(to);
			}
		}
		return found;
	}

	/** Over every context of this JVM: any of their workers may have sent it. */
	private static double cutCount() {
		return Metrics.globalRegistry.getRegistries()
			.stream()
			.flatMap((registry) -> registry.find("hitl.email.recipients.cut").counters().stream())
			.mapToDouble(Counter::count)
			.sum();
	}

	private record Team(String group, List<String> addresses) {
	}

	private String processInstanceId(String consultationId) {
		return api().get("/engine-rest/process-instance?businessKey=" + consultationId, ADMIN_AUTH)
			.json()
			.get(0)
			.get("id")
			.asText();
	}

	private static WebhookReceiver startReceiver() {
		try {
			return new WebhookReceiver();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param requested when the agent sent the creation request (after the reviewer, the
	 * group and the key were set up)
	 */
	private record Scenario(String id, String path, AgentKey key, String reviewer, String email, String title,
			Instant requested) {
	}

}
