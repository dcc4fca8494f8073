package dev.hitl;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One more node of the packaged application in a JVM of its own, on the test run's
 * PostgreSQL database, as a second machine behind a load balancer would run it.
 * <p>
 * A node is never started as a second Spring context in the test JVM: the engine REST API
 * and webapps find their engine in a JVM-wide registry, and closing such a context
 * unregisters the engine every other context in the JVM relies on.
 */
public final class ApplicationNode implements AutoCloseable {

	private final String name;

	private final Process process;

	private final int port;

	private final Path log;

	private ApplicationNode(String name, Process process, int port, Path log) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts a node with the test profile's admin and secret key and waits until it is
	 * ready; {@code arguments} (Spring Boot command-line properties) add to or override
	 * those.
	 */
	public static ApplicationNode start(String name, String... arguments) throws IOException {
		ApplicationNode node = launch(name, PostgresTestDatabase.get(), arguments);
		node.awaitReady();
		return node;
	}

	/**
	 * Starts a node on the given database and returns at once, before it is ready (see
	 * {@link #awaitReady()}).
	 */
	public static ApplicationNode launch(String name, PostgresTestDatabase.Credentials database, String... arguments)
			throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
				"-XX:TieredStopAtLevel=1", "-jar", applicationJar().toString(), "--server.port=" + port,
				"--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.username(),
				"--spring.datasource.password=" + database.password(), "--hitl.secret-key=" + ApiTestSupport.SECRET_KEY,
				"--hitl.admin.password=" + ApiTestSupport.ADMIN_PASSWORD, "--hitl.trusted-proxies=127.0.0.1,::1",
				"--spring.jmx.enabled=false"));
		command.addAll(List.of(arguments));
		Path log = Path.of("target", name + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new ApplicationNode(name, process, port, log);
	}

	/** Waits until the node's readiness probe answers UP; fails if the node died. */
	public void awaitReady() {
		awaitReady(Duration.ofSeconds(120));
	}

	/** Waits up to {@code atMost} until the node's readiness probe answers UP. */
	public void awaitReady(Duration atMost) {
		HttpApi api = api();
		await().atMost(atMost).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
			assertThat(this.process.isAlive()).as("node %s is running, see %s", this.name, this.log).isTrue();
			return api.get("/actuator/health/readiness", null).status() == 200;
		});
	}

	/**
	 * Kills the node as a crash or the OOM killer would: SIGKILL (what
	 * {@link Process#destroyForcibly()} sends on Unix), no shutdown hook, no graceful
	 * end.
	 * @return the exit status, 137 (128 + 9) when it died of SIGKILL
	 */
	public int kill() throws InterruptedException {
		this.process.destroyForcibly();
		return this.process.waitFor();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The node's console output so far. */
	public String log() throws IOException {
		return Files.readString(this.log);
	}

	public int port() {
		return this.port;
	}

	public HttpApi api() {
		return new HttpApi(this.port);
	}

	/** Stops the node as an orchestrator would (SIGTERM, graceful shutdown). */
	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

	@Override
	public String toString() {
		return "node on port " + this.port + " (log " + this.log + ")";
	}

	/** The jar {@code mvn package} built before the integration tests run. */
	private static Path applicationJar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((file) -> file.getFileName().toString().matches("hitl-orchestrator-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"No application jar in target" + File.separator + "; integration tests run after 'package'"));
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
