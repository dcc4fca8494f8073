package dev.hitl;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * End-to-end tests against a real server on a fresh PostgreSQL database. Every context
 * shares that database, so they share one set of delivery settings (compressed retries,
 * loopback receivers allowed, the JVM's one {@link TestMailServer}) and any context's
 * workers may deliver any test's webhook or email.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestPropertySource(properties = { "hitl.worker.enabled=true", "hitl.webhook.allow-private-networks=true",
		"hitl.webhook.retry-schedule=PT1S,PT1S", "hitl.webhook.connect-timeout=PT1S", "hitl.webhook.timeout=PT2S",
		"hitl.mail.retry-schedule=PT1S,PT2S,PT2S,PT2S", "hitl.mail.lock-duration=PT3S" })
public abstract class PostgresIntegrationTestSupport extends ApiTestSupport {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.Credentials database = PostgresTestDatabase.get();
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", TestMailServer::port);
	}

}
