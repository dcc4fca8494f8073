package dev.hitl.security;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.hitl.HttpApi;
import dev.hitl.PostgresIntegrationTestSupport;
import dev.hitl.TasklistSession;
import dev.hitl.delivery.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.test.context.TestPropertySource;

import static dev.hitl.HttpApi.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Strangers hammer the sign-ins at the production login settings (10 failures per address
 * and minute, the engine's lock as application.yaml leaves it): wrong passwords for the
 * workers' former account name and for admin over HTTP Basic, Tasklist's login and the
 * portal's, and forged worker tokens. The delivery workers' polls are never refused and
 * webhooks keep flowing during the attack, and the real admin still signs in everywhere.
 */
@TestPropertySource(properties = "hitl.rate-limit.login-per-minute=10")
class LoginAttackIntegrationTests extends PostgresIntegrationTestSupport {

	private static final Duration ATTACK = Duration.ofSeconds(30);

	private static final int STRANGERS = 3;

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final WorkerComplaints complaints = new WorkerComplaints();

	private WebhookReceiver receiver;

	@BeforeEach
	void listen() throws Exception {
		this.receiver = new WebhookReceiver();
		this.complaints.start();
		for (String name : List.of("org.camunda.bpm.client", "dev.hitl.workflow.ExternalTaskWorkers")) {
			logger(name).addAppender(this.complaints);
		}
	}

	@AfterEach
	void stop() {
		for (String name : List.of("org.camunda.bpm.client", "dev.hitl.workflow.ExternalTaskWorkers")) {
			logger(name).detachAppender(this.complaints);
		}
		this.receiver.close();
	}

	@Test
	void strangersFailedLoginsNeitherHoldBackDeliveriesNorLockOutTheAdmin() throws Exception {
		String agent = newAgentKey("attack-" + UUID.randomUUID()).authorization();
		List<Duration> before = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			before.add(deliver(agent));
		}
		Map<String, AtomicInteger> strangerAnswers = new ConcurrentHashMap<>();
		AtomicBoolean attacking = new AtomicBoolean(true);
		CountDownLatch started = new CountDownLatch(STRANGERS);
		List<Thread> strangers = new ArrayList<>();
		for (int i = 0; i < STRANGERS; i++) {
			int network = i;
			Thread stranger = new Thread(() -> attack(network, attacking, started, strangerAnswers), "stranger-" + i);
			stranger.start();
			strangers.add(stranger);
		}
		started.await();

		// Deliveries while the attack runs.
		List<Duration> latencies = new ArrayList<>();
		Instant attackEnds = Instant.now().plus(ATTACK);
		while (Instant.now().isBefore(attackEnds)) {
			latencies.add(deliver(agent));
		}
		attacking.set(false);
		for (Thread stranger : strangers) {
			stranger.join();
		}

		// The real admin, from an address of their own, over every channel.
		int basic = api().get("/api/v1/api-keys", ADMIN_AUTH, "X-Forwarded-For", "198.51.100.77").status();
		int tasklist = new TasklistSession(this.port).login(ADMIN, ADMIN_PASSWORD);
		String portal = portalSignIn(ADMIN, ADMIN_PASSWORD);

		latencies.sort(Duration::compareTo);
		before.sort(Duration::compareTo);
		int refusedPolls = this.complaints.refused();
		System.out.printf("Login attack for %d s at production limits by %d strangers: their answers %s; webhooks "
				+ "from cancel to receipt before it: median %d ms of %d; during it: %d delivered, median %d ms, "
				+ "max %d ms; the workers' polls refused: %d (other worker warnings: %d); the admin afterwards: "
				+ "Basic %d, Tasklist %d, portal -> %s%n", ATTACK.toSeconds(), STRANGERS, strangerAnswers,
				before.get(1).toMillis(), before.size(), latencies.size(),
				latencies.get(latencies.size() / 2).toMillis(), latencies.get(latencies.size() - 1).toMillis(),
				refusedPolls, this.complaints.all() - refusedPolls, basic, tasklist, portal);
		this.complaints.events.stream().limit(5).forEach(System.out::println);

		assertThat(strangerAnswers.keySet()).as("the strangers were refused, and throttled").contains("401", "429");
		assertThat(strangerAnswers).doesNotContainKeys("200", "500");
		assertThat(latencies).as("webhooks delivered during the attack").hasSizeGreaterThanOrEqualTo(2);
		assertThat(refusedPolls).as("the workers' polls refused during the attack").isZero();
		assertThat(basic).isEqualTo(200);
		assertThat(tasklist).isEqualTo(200);
		assertThat(portal).isEqualTo("/dashboard");
	}

	/**
	 * Creates a consultation with a callback and cancels it: a webhook the workers must
	 * fetch, lock, send and complete. Returns the time from the cancel to its receipt.
	 */
	private Duration deliver(String agent) {
		String path = "/attack-" + UUID.randomUUID();
		String id = create(agent, map("title", "Delivered under attack", "callback_url", this.receiver.url(path)))
			.get("id")
			.asText();
		Instant cancelled = Instant.now();
		assertThat(api().post("/api/v1/consultations/" + id + "/cancel", agent, "").status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(60)).until(() -> !this.receiver.requests(path).isEmpty());
		return Duration.between(cancelled, this.receiver.requests(path).get(0).at());
	}

	/** Failed sign-ins as fast as they are answered, from two addresses each. */
	private void attack(int network, AtomicBoolean attacking, CountDownLatch started,
			Map<String, AtomicInteger> answers) {
		HttpApi api = api();
		int round = 0;
		started.countDown();
		while (attacking.get()) {
			String address = "203.0." + (113 + network) + "." + (round % 2);
			List<Integer> statuses = new ArrayList<>();
			statuses
				.add(api
					.post("/engine-rest/external-task/fetchAndLock", HttpApi.basic("hitlworker", "x" + round),
							map("workerId", "w", "maxTasks", 1, "topics", List.of()), "X-Forwarded-For", address)
					.status());
			statuses
				.add(api.get("/engine-rest/engine", HttpApi.basic(ADMIN, "guess-" + round), "X-Forwarded-For", address)
					.status());
			statuses.add(api.post("/engine-rest/external-task/fetchAndLock",
					HttpApi.bearer("hitlw1." + Instant.now().getEpochSecond() + ".Zm9yZ2Vk"),
					map("workerId", "w", "maxTasks", 1, "topics", List.of()))
				.status());
			if (round % 3 == 0) {
				statuses.add(api.postForm("/camunda/api/admin/auth/user/default/login/tasklist",
						"username=" + ADMIN + "&password=guess-" + round, "X-Forwarded-For", address)
					.status());
			}
			statuses.forEach((status) -> answers.computeIfAbsent(Integer.toString(status), (key) -> new AtomicInteger())
				.incrementAndGet());
			round++;
		}
	}

	/** Signs in at the portal's form as a browser does; returns where it was sent. */
	private String portalSignIn(String user, String password) throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		String page = browser.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher token = CSRF.matcher(page);
		assertThat(token.find()).isTrue();
		String form = "username=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
				+ "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
		return browser
			.send(HttpRequest.newBuilder(uri("/login"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString())
			.headers()
			.firstValue("Location")
			.orElse("(none)");
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private static Logger logger(String name) {
		return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(name);
	}

	/** Warnings and errors of the external task client and the workers. */
	private static final class WorkerComplaints extends AppenderBase<ILoggingEvent> {

		private static final List<String> REFUSED = List.of("401", "403", "429");

		private final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

		@Override
		protected void append(ILoggingEvent event) {
			if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
				String cause = (event.getThrowableProxy() != null) ? " " + event.getThrowableProxy().getMessage() : "";
				this.events.add(event.getLoggerName() + ": " + event.getFormattedMessage() + cause);
			}
		}

		/**
		 * Polls or completions the engine REST API refused (not signed in, not allowed,
		 * throttled).
		 */
		int refused() {
			return (int) this.events.stream()
				.filter((event) -> REFUSED.stream()
					.anyMatch((status) -> event.contains("status code '" + status + "'")))
				.count();
		}

		int all() {
			return this.events.size();
		}

	}

}
