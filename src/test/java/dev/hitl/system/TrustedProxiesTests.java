package dev.hitl.system;

import java.util.List;

import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code HITL_TRUSTED_PROXIES}: forwarded headers count only from the proxies it names,
 * and from them only as far as the chain of trusted proxies goes.
 */
class TrustedProxiesTests {

	private final TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.0/8", " 192.168.7.7 ", "2001:db8::/32"));

	@Test
	void addressesAndRangesOfBothFamiliesAreTrusted() {
		assertThat(this.proxies.isTrusted("10.1.2.3")).isTrue();
		assertThat(this.proxies.isTrusted("192.168.7.7")).isTrue();
		assertThat(this.proxies.isTrusted("2001:db8:0:0:0:0:0:5")).isTrue();
		assertThat(this.proxies.isTrusted("192.168.7.8")).isFalse();
		assertThat(this.proxies.isTrusted("11.0.0.1")).isFalse();
		assertThat(this.proxies.isTrusted("2001:db9::1")).isFalse();
		assertThat(this.proxies.isTrusted("localhost")).as("never a name").isFalse();
		assertThat(new TrustedProxies(List.of()).isTrusted("127.0.0.1")).as("none by default").isFalse();
	}

	@Test
	void theClientIsTheRightmostHopThatIsNoTrustedProxy() {
		assertThat(this.proxies.client(List.of("203.0.113.9"))).isEqualTo("203.0.113.9");
		assertThat(this.proxies.client(List.of("203.0.113.9, 10.0.0.2"))).isEqualTo("203.0.113.9");
		// What the client itself sent further left is not believed.
		assertThat(this.proxies.client(List.of("198.51.100.1, 203.0.113.9, 10.0.0.2"))).isEqualTo("203.0.113.9");
		assertThat(this.proxies.client(List.of("198.51.100.1", "203.0.113.9, 10.0.0.2"))).isEqualTo("203.0.113.9");
		assertThat(this.proxies.client(List.of("10.0.0.3, 10.0.0.2"))).isEqualTo("10.0.0.3");
		assertThat(this.proxies.client(List.of("not-an-address, 10.0.0.2"))).isNull();
		assertThat(this.proxies.client(List.of())).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "proxy.example.com", "10.0.0.0/33", "10.0.0", "*", "10.0.0.0/8/8", "::1/129" })
	void anEntryThatIsNoAddressOrRangeStopsTheStart(String entry) {
		assertThatThrownBy(() -> new TrustedProxies(List.of(entry))).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("HITL_TRUSTED_PROXIES");
	}

	/**
	 * The default: no proxy is trusted, not even one on the loopback or a private net.
	 */
	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "hitl.trusted-proxies=", "hitl.rate-limit.login-per-minute=2" })
	@ActiveProfiles("test")
	class ByDefault extends ApiTestSupport {

		@Test
		void forwardedHeadersFromAnUntrustedPeerAreIgnored() {
			// Each failure claims another client; all count against the one peer.
			for (int i = 0; i < 2; i++) {
				assertThat(api()
					.get("/api/v1/review/consultations", HttpApi.basic(uniqueId("probe"), "x"), "X-Forwarded-For",
							"203.0.113." + i)
					.status()).isEqualTo(401);
			}
			Result refused = api().get("/api/v1/review/consultations", HttpApi.basic(uniqueId("probe"), "x"),
					"X-Forwarded-For", "203.0.113.99", "X-Forwarded-Proto", "https", "X-Forwarded-Host",
					"evil.example");
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.header("Strict-Transport-Security")).as("not taken for TLS").isNull();
		}

	}

}
