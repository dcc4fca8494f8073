package dev.hitl.system;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose stack and the two ways to build the image, read as files (there is no
 * Docker engine where the tests run; CI also checks them with {@code docker compose
 * config}): services in order of health, secrets only from {@code .env}, the service's
 * own configuration names, and one image whichever way it is built.
 */
class DeploymentFilesTests {

	private static final Path COMPOSE = Path.of("docker-compose.yml");

	private static final Path ENV_EXAMPLE = Path.of(".env.example");

	private static final Path DOCKERFILE = Path.of("Dockerfile");

	/** ARCHITECTURE section 7, plus Spring Boot's own name for the management port. */
	private static final Set<String> CONFIGURATION_NAMES = Set.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
			"SPRING_DATASOURCE_PASSWORD", "HITL_ADMIN_USER", "HITL_ADMIN_PASSWORD", "HITL_PUBLIC_URL",
			"SPRING_MAIL_HOST", "SPRING_MAIL_PORT", "SPRING_MAIL_USERNAME", "SPRING_MAIL_PASSWORD", "HITL_MAIL_FROM",
			"HITL_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "HITL_WEBHOOK_RETRY_SCHEDULE", "HITL_SECRET_KEY", "HITL_ROLE",
			"SERVER_PORT", "MANAGEMENT_SERVER_PORT", "SPRING_CONFIG_IMPORT");

	private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?[-?][^}]*)?}");

	/** Where the service "secrets" writes what {@code .env} leaves empty. */
	private static final String SECRETS = "/run/hitl-secrets";

	private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|_KEY).*");

	@Test
	void theStackStartsInOrderOfHealth() {
		Map<String, Map<String, Object>> services = services();
		assertThat(services).containsKeys("secrets", "db", "mailpit", "app", "app2", "worker");
		assertThat(services.get("db").get("image").toString()).startsWith("postgres:16");
		assertThat(services.get("mailpit").get("image").toString()).startsWith("axllent/mailpit:");
		assertThat(services.get("app")).containsEntry("build", ".");
		services.forEach((name, service) -> {
			if (!List.of("grafana", "secrets").contains(name)) {
				assertThat(service).as(name + " has a health check").containsKey("healthcheck");
			}
		});
		assertThat(dependsOn(services.get("db"))).containsEntry("secrets", "service_completed_successfully");
		assertThat(dependsOn(services.get("app"))).containsEntry("db", "service_healthy")
			.containsEntry("mailpit", "service_healthy");
		for (String node : List.of("app2", "worker")) {
			assertThat(dependsOn(services.get(node))).as(node)
				.containsEntry("db", "service_healthy")
				.containsEntry("app", "service_healthy");
			assertThat(services.get(node).get("profiles")).asList().containsExactly("scale");
		}
	}

	@Test
	void everyNodeUsesTheSameDatabaseAndTheServicesOwnConfigurationNames() {
		Map<String, Map<String, Object>> services = services();
		Map<String, Object> app = environment(services.get("app"));
		for (String node : List.of("app", "app2", "worker")) {
			Map<String, Object> environment = environment(services.get(node));
			assertThat(CONFIGURATION_NAMES).as(node).containsAll(environment.keySet());
			for (String shared : List.of("SPRING_DATASOURCE_URL", "SPRING_CONFIG_IMPORT", "HITL_ADMIN_PASSWORD")) {
				assertThat(environment.get(shared)).as(node + " " + shared).isEqualTo(app.get(shared));
			}
		}
		assertThat(environment(services.get("app"))).containsEntry("HITL_ROLE", "all");
		assertThat(environment(services.get("app2"))).containsEntry("HITL_ROLE", "all");
		assertThat(environment(services.get("worker"))).containsEntry("HITL_ROLE", "worker");
	}

	@Test
	void secretsComeOnlyFromTheEnvFileOrTheGeneratedSecretsWhichTheExampleDocuments() throws IOException {
		List<String> problems = new ArrayList<>();
		services().forEach((name, service) -> environment(service).forEach((key, value) -> {
			if (SECRET_NAME.matcher(key).matches() && !value.toString().matches("\\$\\{[A-Z0-9_]+:-}")
					&& !value.toString().startsWith(SECRETS + "/")) {
				problems.add(name + " " + key + " is neither an optional ${...:-} from .env nor a generated file");
			}
		}));
		assertThat(problems).isEmpty();
		assertThat(Files.readString(COMPOSE)).as("nothing required: the example works as it is").doesNotContain(":?");
		Set<String> used = new TreeSet<>();
		Matcher matcher = INTERPOLATION.matcher(Files.readString(COMPOSE));
		while (matcher.find()) {
			used.add(matcher.group(1));
		}
		Set<String> documented = new TreeSet<>();
		for (String line : Files.readAllLines(ENV_EXAMPLE)) {
			if (line.matches("[A-Z0-9_]+=.*")) {
				String key = line.substring(0, line.indexOf('='));
				documented.add(key);
				if (SECRET_NAME.matcher(key).matches()) {
					assertThat(line).as("the example leaves secrets empty").isEqualTo(key + "=");
				}
			}
		}
		assertThat(documented).isEqualTo(used);
		assertThat(Files.readAllLines(Path.of(".gitignore"))).contains(".env");
	}

	/**
	 * The compose file as Compose reads it, with {@code .env.example} copied as it is, on
	 * every profile ({@code docker-compose} 1.29, Debian's, which .ci/run installs).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "", "scale", "monitoring", "scale,monitoring" })
	void composeAcceptsTheExampleEnvFileAsItIsOnEveryProfile(String profiles) throws Exception {
		Assumptions.assumeTrue(onPath("docker-compose"), "docker-compose is not installed");
		List<String> command = new ArrayList<>(List.of("docker-compose", "--env-file", ENV_EXAMPLE.toString()));
		for (String profile : profiles.split(",")) {
			if (!profile.isEmpty()) {
				command.addAll(List.of("--profile", profile));
			}
		}
		command.addAll(List.of("config", "-q"));
		Process compose = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(compose.getInputStream().readAllBytes());
		assertThat(compose.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(compose.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
	}

	/**
	 * ops/compose/secrets.sh, run as the service "secrets" runs it (as root): what .env
	 * leaves empty is generated once and kept, what it sets wins, and each file is
	 * readable by its one container user only.
	 */
	@Test
	void theSecretsServiceGeneratesKeepsAndHandsOverEachSecret(@TempDir Path volume) throws Exception {
		Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root, as in the container");
		secrets(volume, Map.of());
		Path key = volume.resolve("app/HITL_SECRET_KEY");
		Path database = volume.resolve("app/spring.datasource.password");
		String generatedKey = Files.readString(key);
		assertThat(Base64.getDecoder().decode(generatedKey)).hasSize(32);
		assertThat(Files.readString(volume.resolve("postgres-password"))).isEqualTo(Files.readString(database));
		assertThat(owner(key)).isEqualTo(10001);
		assertThat(owner(volume.resolve("postgres-password"))).isEqualTo(999);
		assertThat(owner(volume.resolve("grafana-admin-password"))).isEqualTo(472);
		for (Path file : List.of(key, database, volume.resolve("postgres-password"),
				volume.resolve("grafana-admin-password"))) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
				.isEqualTo("r--------");
		}
		secrets(volume, Map.of("POSTGRES_PASSWORD", "chosen-in-env"));
		assertThat(Files.readString(key)).as("kept at the next start").isEqualTo(generatedKey);
		assertThat(Files.readString(database)).isEqualTo("chosen-in-env");
		assertThat(Files.readString(volume.resolve("postgres-password"))).isEqualTo("chosen-in-env");
	}

	private static void secrets(Path volume, Map<String, String> env) throws Exception {
		ProcessBuilder builder = new ProcessBuilder("sh", "ops/compose/secrets.sh").redirectErrorStream(true);
		builder.environment().keySet().removeIf((name) -> SECRET_NAME.matcher(name).matches());
		builder.environment().putAll(env);
		builder.environment().put("HITL_SECRETS_DIR", volume.toString());
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

	private static int owner(Path file) throws IOException {
		return (Integer) Files.getAttribute(file, "unix:uid");
	}

	private static boolean onPath(String command) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch((directory) -> Files.isExecutable(Path.of(directory, command)));
	}

	@Test
	void theMountedMonitoringFilesExist() {
		services().forEach((name, service) -> {
			@SuppressWarnings("unchecked")
			List<String> volumes = (List<String>) service.getOrDefault("volumes", List.of());
			for (String volume : volumes) {
				if (volume.startsWith("./")) {
					assertThat(Path.of(volume.substring(2, volume.indexOf(':')))).as(name + " mounts " + volume)
						.exists();
				}
			}
		});
	}

	@Test
	void theDockerfileAndJibBuildTheSameNonRootImageSizedByContainerMemory() throws Exception {
		String dockerfile = Files.readString(DOCKERFILE);
		Element profile = imageProfile();
		String base = text(profile, "image.base");
		List<String> froms = dockerfile.lines().filter((line) -> line.startsWith("FROM ")).toList();
		assertThat(froms.get(froms.size() - 1)).isEqualTo("FROM " + base);
		assertThat(base).startsWith("eclipse-temurin:17-jre");
		Element container = (Element) profile.getElementsByTagName("container").item(0);
		String user = text(container, "user");
		assertThat(user).doesNotStartWith("0").doesNotStartWith("root");
		assertThat(dockerfile).contains("USER " + user);
		List<String> flags = new ArrayList<>();
		NodeList jvmFlags = container.getElementsByTagName("jvmFlag");
		for (int i = 0; i < jvmFlags.getLength(); i++) {
			flags.add(jvmFlags.item(i).getTextContent());
		}
		assertThat(flags).anyMatch((flag) -> flag.startsWith("-XX:MaxRAMPercentage="));
		for (String flag : flags) {
			assertThat(dockerfile).contains("\"" + flag + "\"");
		}
		assertThat(text(container, "workingDirectory")).isEqualTo("/app");
		assertThat(dockerfile).contains("WORKDIR /app").contains("EXPOSE 8080 8081");
		assertThat(profile.getElementsByTagName("goal").item(0).getTextContent()).isEqualTo("buildTar");
	}

	private static Element imageProfile() throws Exception {
		Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
		NodeList profiles = pom.getElementsByTagName("profile");
		for (int i = 0; i < profiles.getLength(); i++) {
			Element profile = (Element) profiles.item(i);
			if (text(profile, "id").equals("image")) {
				return profile;
			}
		}
		throw new AssertionError("pom.xml has no profile 'image'");
	}

	private static String text(Element parent, String tag) {
		return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> services() {
		return (Map<String, Map<String, Object>>) OpsFiles.yaml(COMPOSE).get("services");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> environment(Map<String, Object> service) {
		return (Map<String, Object>) service.getOrDefault("environment", Map.of());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> dependsOn(Map<String, Object> service) {
		Map<String, String> conditions = new java.util.HashMap<>();
		((Map<String, Map<String, String>>) service.get("depends_on"))
			.forEach((name, condition) -> conditions.put(name, condition.get("condition")));
		return conditions;
	}

}
