package dev.hitl.delivery.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * The SSRF guard against a table of hostile targets. A real "victim" server listens on
 * loopback; every hostile URL is refused both at creation and at delivery, and the victim
 * never sees a request.
 */
class CallbackUrlPolicyTests {

	private static final AtomicInteger victimHits = new AtomicInteger();

	private static HttpServer victim;

	private static int port;

	/** Names that resolve to internal addresses, as a hostile DNS would answer. */
	private static final Map<String, String> HOSTILE_DNS = Map.of("rebind.attacker.example", "127.0.0.1",
			"intranet.attacker.example", "10.0.0.7", "metadata.attacker.example", "169.254.169.254",
			"mixed.attacker.example", "93.184.216.34,192.168.1.1", "v6.attacker.example", "fd00::1",
			"nat64.attacker.example", "64:ff9b::7f00:1", "siit.attacker.example", "::ffff:0:127.0.0.1",
			"sixtofour.attacker.example", "2002:5db8:d822::1", "public.example", "93.184.216.34");

	@BeforeAll
	static void startVictim() throws IOException {
		victim = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		victim.createContext("/", (exchange) -> {
			victimHits.incrementAndGet();
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		victim.start();
		port = victim.getAddress().getPort();
	}

	@AfterAll
	static void stopVictim() {
		victim.stop(0);
	}

	static Stream<String> hostileTargets() {
		return Stream.of("http://127.0.0.1:%d/", "http://127.0.0.2:%d/", "http://127.1:%d/", "http://127.0.1:%d/",
				"http://2130706433:%d/", "http://0x7f000001:%d/", "http://0x7f.0.0.1:%d/", "http://0177.0.0.1:%d/",
				"http://017700000001:%d/", "http://localhost:%d/", "http://LOCALHOST:%d/", "http://api.localhost:%d/",
				"http://printer.local:%d/", "http://[::1]:%d/", "http://[0:0:0:0:0:0:0:1]:%d/",
				"http://[::ffff:127.0.0.1]:%d/", "http://[::ffff:7f00:1]:%d/", "http://[::127.0.0.1]:%d/",
				"http://0.0.0.0:%d/", "http://0:%d/", "http://[::]:%d/", "http://10.0.0.1:%d/",
				"http://10.255.255.255:%d/", "http://172.16.0.1:%d/", "http://172.31.255.254:%d/",
				"http://192.168.0.1:%d/", "http://169.254.169.254:%d/latest/meta-data", "http://169.254.0.1:%d/",
				"http://100.64.0.1:%d/", "http://100.127.255.254:%d/", "http://[fc00::1]:%d/",
				"http://[fd12:3456::1]:%d/", "http://[fe80::1]:%d/", "http://[fec0::1]:%d/", "http://224.0.0.1:%d/",
				"http://239.255.255.250:%d/", "http://[ff02::1]:%d/", "http://255.255.255.255:%d/",
				"http://240.0.0.1:%d/", "http://[64:ff9b::7f00:1]:%d/", "http://[2002:7f00:1::]:%d/",
				"http://[2001:0:4136:e378::1]:%d/", "http://198.18.0.1:%d/", "http://192.0.0.1:%d/",
				"http://rebind.attacker.example:%d/", "http://intranet.attacker.example:%d/",
				"http://metadata.attacker.example:%d/", "http://mixed.attacker.example:%d/",
				"http://v6.attacker.example:%d/", "http://nat64.attacker.example:%d/",
				"http://siit.attacker.example:%d/", "http://sixtofour.attacker.example:%d/",
				// Every IPv6 form that carries an IPv4 address, public or not.
				"http://[::ffff:0:127.0.0.1]:%d/", "http://[::FFFF:0:7f00:1]:%d/",
				"http://[::ffff:0:93.184.216.34]:%d/", "http://[0:0:0:0:0:ffff:7f00:1]:%d/",
				"http://[::93.184.216.34]:%d/", "http://[::5db8:d822]:%d/", "http://[64:ff9b::5db8:d822]:%d/",
				"http://[64:ff9b::93.184.216.34]:%d/", "http://[64:ff9b:1::7f00:1]:%d/",
				"http://[64:ff9b:1:abcd::5db8:d822]:%d/", "http://[2002:5db8:d822::1]:%d/", "http://[2002::1]:%d/",
				"http://[2001:0:5db8:d822::1]:%d/", "http://[2001::a9fe:a9fe]:%d/", "ftp://public.example:%d/",
				"file:///etc/passwd", "gopher://127.0.0.1:%d/", "http://user:pass@public.example:%d/",
				"http://public.example@127.0.0.1:%d/", "//127.0.0.1:%d/", "javascript:alert(1)");
	}

	@ParameterizedTest
	@MethodSource("hostileTargets")
	void hostileTargetsAreRefusedAtCreationAndNeverContacted(String template) {
		String url = template.contains("%d") ? String.format(template, port) : template;
		CallbackUrlPolicy policy = policy(false);
		assertThat(policy.problemWith(url)).as(url).isPresent();
		WebhookSender sender = new WebhookSender(policy, settings(false), Clock.systemUTC());
		try {
			WebhookSender.Outcome outcome = sender.send(url, "msg_test", "{}".getBytes(),
					"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
			assertThat(outcome.delivered()).as(url).isFalse();
		}
		finally {
			destroy(sender);
		}
		assertThat(victimHits.get()).as("requests that reached the victim").isZero();
	}

	@Test
	void thereAreAtLeastSixtyHostileTargets() {
		assertThat(hostileTargets().count()).isGreaterThanOrEqualTo(60);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://agent.example.com/hooks/hitl", "http://public.example/cb?x=1",
			"https://93.184.216.34:8443/hook", "https://[2606:4700::1111]/hook",
			"https://[2001:db8:85a3::8a2e:370:7334]/h", "https://[2003::1]/hook" })
	void publicTargetsAreAccepted(String url) {
		assertThat(policy(false).problemWith(url)).as(url).isEmpty();
	}

	@Test
	void privateNetworksCanBeAllowedForDevelopment() {
		assertThat(policy(false).problemWith("http://127.0.0.1:" + port + "/")).get(STRING)
			.as("the refusal names the setting that lifts it")
			.contains("HITL_WEBHOOK_ALLOW_PRIVATE_NETWORKS");
		assertThat(policy(true).problemWith("http://127.0.0.1:" + port + "/")).isEmpty();
		assertThat(policy(true).problemWith("ftp://127.0.0.1/")).isPresent();
		assertThat(policy(true).problemWith("http://user:pw@127.0.0.1/")).isPresent();
	}

	@Test
	void aNameThatRebindsToLoopbackAfterTheCheckAtCreationIsRefusedAtDelivery() {
		AtomicInteger lookups = new AtomicInteger();
		CallbackUrlPolicy policy = new CallbackUrlPolicy(settings(false), new NameResolver() {
			@Override
			InetAddress[] resolve(String host) throws UnknownHostException {
				// Public while the agent creates the consultation, loopback ever after.
				String answer = (lookups.getAndIncrement() == 0) ? "93.184.216.34" : "127.0.0.1";
				return new InetAddress[] { InetAddress.getByName(answer) };
			}
		});
		String url = "http://rebinding.attacker.example:" + port + "/";
		assertThat(policy.problemWith(url)).isEmpty();
		WebhookSender sender = new WebhookSender(policy, settings(false), Clock.systemUTC());
		try {
			WebhookSender.Outcome outcome = sender.send(url, "msg_test", "{}".getBytes(),
					"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
			assertThat(outcome.delivered()).isFalse();
			assertThat(outcome.error()).contains("private, loopback or reserved");
		}
		finally {
			destroy(sender);
		}
		assertThat(victimHits.get()).isZero();
	}

	@Test
	void theConnectionGoesToTheVeryAddressThatWasCheckedWithoutASecondLookup() throws IOException {
		HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		AtomicInteger received = new AtomicInteger();
		receiver.createContext("/", (exchange) -> {
			received.incrementAndGet();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
		AtomicInteger lookups = new AtomicInteger();
		// ".test" names resolve nowhere but here: the client can only have connected to
		// what this resolver answered, and it asked once.
		CallbackUrlPolicy policy = new CallbackUrlPolicy(settings(true), new NameResolver() {
			@Override
			InetAddress[] resolve(String host) throws UnknownHostException {
				if (lookups.getAndIncrement() > 0) {
					throw new UnknownHostException("asked twice: " + host);
				}
				return new InetAddress[] { InetAddress.getLoopbackAddress() };
			}
		});
		WebhookSender sender = new WebhookSender(policy, settings(true), Clock.systemUTC());
		try {
			WebhookSender.Outcome outcome = sender.send(
					"http://checked-once.test:" + receiver.getAddress().getPort() + "/", "msg_test", "{}".getBytes(),
					"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
			assertThat(outcome.delivered()).as(String.valueOf(outcome)).isTrue();
		}
		finally {
			destroy(sender);
			receiver.stop(0);
		}
		assertThat(lookups.get()).isEqualTo(1);
		assertThat(received.get()).isEqualTo(1);
	}

	@Test
	void aRedirectToLoopbackIsNotFollowed() throws IOException {
		HttpServer redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		redirecting.createContext("/", (exchange) -> {
			exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port + "/internal");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		redirecting.start();
		WebhookSender sender = new WebhookSender(policy(true), settings(true), Clock.systemUTC());
		try {
			WebhookSender.Outcome outcome = sender.send("http://127.0.0.1:" + redirecting.getAddress().getPort() + "/",
					"msg_test", "{}".getBytes(), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
			assertThat(outcome.delivered()).isFalse();
			assertThat(outcome.status()).isEqualTo(302);
		}
		finally {
			destroy(sender);
			redirecting.stop(0);
		}
		assertThat(victimHits.get()).isZero();
	}

	private static CallbackUrlPolicy policy(boolean allowPrivate) {
		return new CallbackUrlPolicy(settings(allowPrivate), new NameResolver() {
			@Override
			InetAddress[] resolve(String host) throws UnknownHostException {
				String answer = HOSTILE_DNS.get(host);
				if (answer == null) {
					if (host.endsWith(".example") || host.endsWith(".example.com")) {
						return new InetAddress[] { InetAddress.getByName("93.184.216.34") };
					}
					return super.resolve(host);
				}
				List<InetAddress> addresses = new java.util.ArrayList<>();
				for (String ip : answer.split(",")) {
					addresses.add(InetAddress.getByName(ip));
				}
				return addresses.toArray(InetAddress[]::new);
			}
		});
	}

	static WebhookSettings settings(boolean allowPrivate) {
		return new WebhookSettings(allowPrivate, List.of(Duration.ofSeconds(1)), Duration.ofSeconds(1),
				Duration.ofSeconds(2), 1);
	}

	private static void destroy(WebhookSender sender) {
		try {
			sender.destroy();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
