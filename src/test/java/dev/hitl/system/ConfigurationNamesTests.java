package dev.hitl.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.hitl.delivery.webhook.WebhookSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The environment names of ARCHITECTURE section 7 reach the settings they promise, read
 * through the real {@code application.yaml} as an operator's environment would be.
 */
class ConfigurationNamesTests {

	static Stream<Arguments> names() {
		return Stream.of(
				Arguments.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://db:5432/hitl", "spring.datasource.url"),
				Arguments.of("SPRING_DATASOURCE_USERNAME", "hitl", "spring.datasource.username"),
				Arguments.of("SPRING_DATASOURCE_PASSWORD", "db-secret", "spring.datasource.password"),
				Arguments.of("HITL_ADMIN_USER", "boss", "hitl.admin.user"),
				Arguments.of("HITL_ADMIN_PASSWORD", "admin-secret", "hitl.admin.password"),
				Arguments.of("HITL_PUBLIC_URL", "https://hitl.example.com", "hitl.public-url"),
				Arguments.of("SPRING_MAIL_HOST", "smtp.example.com", "spring.mail.host"),
				Arguments.of("SPRING_MAIL_PORT", "2525", "spring.mail.port"),
				Arguments.of("SPRING_MAIL_USERNAME", "mailer", "spring.mail.username"),
				Arguments.of("SPRING_MAIL_PASSWORD", "mail-secret", "spring.mail.password"),
				Arguments.of("HITL_MAIL_FROM", "HITL <hitl@example.com>", "hitl.mail.from"),
				Arguments.of("HITL_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true", "hitl.webhook.allow-private-networks"),
				Arguments.of("HITL_WEBHOOK_RETRY_SCHEDULE", "PT1S,PT2M", "hitl.webhook.retry-schedule"),
				Arguments.of("HITL_SECRET_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "hitl.secret-key"),
				Arguments.of("HITL_ROLE", "worker", "hitl.role"), Arguments.of("SERVER_PORT", "18080", "server.port"),
				Arguments.of("HITL_TRUSTED_PROXIES", "10.0.0.0/8,2001:db8::1", "hitl.trusted-proxies"),
				Arguments.of("HITL_OIDC_USER_CLAIM", "preferred_username", "hitl.oidc.user-claim"),
				Arguments.of("HITL_SLACK_BOT_TOKEN", "xoxb-test-token", "hitl.slack.bot-token"),
				Arguments.of("HITL_SLACK_SIGNING_SECRET", "slack-signing-secret", "hitl.slack.signing-secret"),
				Arguments.of("HITL_SLACK_API_URL", "http://127.0.0.1:9999/api", "hitl.slack.api-url"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("names")
	void eachEnvironmentNameSetsItsProperty(String name, String value, String property) throws IOException {
		assertThat(binder(Map.of()).bind(property, String.class).orElse(null)).as("default").isNotEqualTo(value);
		assertThat(binder(Map.of(name, value)).bind(property, String.class).get()).isEqualTo(value);
	}

	@Test
	void theRetryScheduleIsCommaSeparatedDurationsWhoseLengthIsTheNumberOfRetries() throws IOException {
		WebhookSettings defaults = binder(Map.of()).bind("hitl.webhook", WebhookSettings.class).get();
		assertThat(defaults.retrySchedule()).hasSize(7).startsWith(Duration.ofSeconds(5), Duration.ofMinutes(5));
		assertThat(defaults.allowPrivateNetworks()).isFalse();
		WebhookSettings configured = binder(
				Map.of("HITL_WEBHOOK_RETRY_SCHEDULE", "PT1S,PT2M,PT3H", "HITL_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true"))
			.bind("hitl.webhook", WebhookSettings.class)
			.get();
		assertThat(configured.retrySchedule()).containsExactly(Duration.ofSeconds(1), Duration.ofMinutes(2),
				Duration.ofHours(3));
		assertThat(configured.allowPrivateNetworks()).isTrue();
		assertThat(binder(Map.of()).bind("hitl.mail.from", Bindable.of(String.class)).isBound()).isFalse();
	}

	@Test
	void noProxyIsTrustedAndTheOidcUserIsTheTokensSubjectByDefault() throws IOException {
		assertThat(binder(Map.of()).bind("hitl.trusted-proxies", Bindable.listOf(String.class)).orElse(List.of()))
			.isEmpty();
		assertThat(binder(Map.of("HITL_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.2"))
			.bind("hitl.trusted-proxies", Bindable.listOf(String.class))
			.get()).containsExactly("10.0.0.0/8", "192.168.1.2");
		assertThat(binder(Map.of()).bind("hitl.oidc.user-claim", String.class).get()).isEqualTo("sub");
		assertThat(binder(Map.of()).bind("hitl.slack.api-url", String.class).get()).isEqualTo("https://slack.com/api");
		assertThat(binder(Map.of()).bind("hitl.slack.bot-token", Bindable.of(String.class)).orElse("")).isEmpty();
		assertThat(binder(Map.of()).bind("server.forward-headers-strategy", String.class).get()).isEqualTo("none");
	}

	/**
	 * docker-compose.yml gives the nodes the database password and the secret key as
	 * files (SPRING_CONFIG_IMPORT: configtree), which must win over application.yaml's
	 * defaults.
	 */
	@Test
	void theComposeSecretsReachTheirSettingsAsAConfigTree(@TempDir Path secrets) throws IOException {
		Path tree = Files.createDirectories(secrets.resolve("app"));
		Files.writeString(tree.resolve("spring.datasource.password"), "db-secret-from-file");
		Files.writeString(tree.resolve("HITL_SECRET_KEY"), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("SPRING_CONFIG_IMPORT", "configtree:" + tree + "/")));
		SpringApplication application = new SpringApplication(Object.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setEnvironment(environment);
		try (ConfigurableApplicationContext context = application.run()) {
			Binder binder = Binder.get(context.getEnvironment());
			assertThat(binder.bind("spring.datasource.password", String.class).get()).isEqualTo("db-secret-from-file");
			assertThat(binder.bind("hitl.secret-key", String.class).get())
				.isEqualTo("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
		}
	}

	/** application.yaml under an environment that holds only the given variables. */
	private static Binder binder(Map<String, Object> variables) throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		MutablePropertySources sources = environment.getPropertySources();
		List.copyOf(sources.stream().map(PropertySource::getName).toList()).forEach(sources::remove);
		sources.addFirst(new SystemEnvironmentPropertySource("environment", variables));
		new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))
			.forEach(sources::addLast);
		return Binder.get(environment);
	}

}
