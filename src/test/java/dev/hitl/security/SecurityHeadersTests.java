package dev.hitl.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.hitl.ApiTestSupport;
import dev.hitl.HttpApi.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SecurityHeadersTests extends ApiTestSupport {

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/consultations", "/api/v1/nothing-here", "/actuator/health/liveness",
			"/engine-rest/engine", "/camunda/api/engine/engine/default/task" })
	void everyApiResponseCarriesTheSecurityHeadersOnce(String path) {
		Result result = api().get(path, path.startsWith("/api/v1/consultations") ? newAgent() : null);
		assertThat(result.response().headers().allValues("Content-Security-Policy")).hasSize(1);
		assertThat(result.header("Content-Security-Policy")).contains("object-src 'none'")
			.contains("base-uri 'none'")
			.contains("frame-ancestors 'none'");
		assertThat(result.response().headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
		assertThat(result.header("Referrer-Policy")).isEqualTo("same-origin");
		assertThat(result.header("Strict-Transport-Security")).as("not over plain HTTP").isNull();
	}

	@Test
	void theCamundaWebappsKeepTheirOwnPolicyWithTheSameEssentials() throws Exception {
		HttpResponse<String> page = raw("/camunda/app/tasklist/default/", null);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<base href=");
		List<String> policies = page.headers().allValues("Content-Security-Policy");
		assertThat(policies).hasSize(1);
		// Their <base href> needs base-uri 'self'; everything else is at least as strict.
		assertThat(policies.get(0)).contains("object-src 'none'")
			.contains("frame-ancestors 'none'")
			.contains("base-uri 'self'");
		assertThat(page.headers().allValues("X-Content-Type-Options")).containsExactly("nosniff");
		assertThat(page.headers().firstValue("Referrer-Policy")).contains("same-origin");
	}

	@Test
	void behindATlsProxyCookiesAreSecureAndHstsIsSent() throws Exception {
		HttpResponse<String> page = raw("/camunda/app/tasklist/default/", "https");
		assertThat(page.headers().firstValue("Strict-Transport-Security"))
			.hasValueSatisfying((hsts) -> assertThat(hsts).contains("max-age="));
		List<String> cookies = page.headers().allValues("Set-Cookie");
		assertThat(cookies).isNotEmpty()
			.allSatisfy((cookie) -> assertThat(cookie.toLowerCase()).contains("; secure"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("XSRF-TOKEN="));
		assertThat(cookies).filteredOn((cookie) -> cookie.startsWith("SESSION="))
			.allSatisfy((cookie) -> assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax"));
		HttpResponse<String> api = raw("/actuator/health/liveness", "https");
		assertThat(api.headers().firstValue("Strict-Transport-Security")).isPresent();
		HttpResponse<String> plain = raw("/camunda/app/tasklist/default/", null);
		assertThat(plain.headers().allValues("Set-Cookie"))
			.allSatisfy((cookie) -> assertThat(cookie.toLowerCase()).doesNotContain("secure"));
	}

	@Test
	void withoutConfiguredOriginsNoBrowserOriginIsAllowed() throws Exception {
		HttpResponse<String> preflight = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/consultations"))
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
				.header("Origin", "https://evil.example")
				.header("Access-Control-Request-Method", "POST")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(preflight.statusCode()).isGreaterThanOrEqualTo(400);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		Result actual = api().get("/api/v1/consultations", newAgent(), "Origin", "https://evil.example");
		assertThat(actual.header("Access-Control-Allow-Origin")).isNull();
	}

	@Test
	void configuredOriginsAreAllowedWithoutCredentials() {
		CorsConfigurationSource source = SecurityConfiguration
			.corsSource(List.of("https://app.example.com", " https://ops.example.com:8443 "));
		MockHttpServletRequest api = new MockHttpServletRequest("GET", "/api/v1/consultations");
		CorsConfiguration configuration = source.getCorsConfiguration(api);
		assertThat(configuration.checkOrigin("https://app.example.com")).isEqualTo("https://app.example.com");
		assertThat(configuration.checkOrigin("https://ops.example.com:8443")).isNotNull();
		assertThat(configuration.checkOrigin("https://evil.example")).isNull();
		assertThat(configuration.getAllowCredentials()).isFalse();
		assertThat(configuration.getExposedHeaders()).contains("X-RateLimit-Remaining", "Retry-After", "ETag");
		assertThat(source.getCorsConfiguration(new MockHttpServletRequest("GET", "/camunda/app/"))).isNull();
		CorsConfiguration any = SecurityConfiguration.corsSource(List.of("*")).getCorsConfiguration(api);
		assertThat(any.checkOrigin("https://anyone.example")).isEqualTo("*");
		assertThat(any.getAllowCredentials()).isFalse();
		assertThat(SecurityConfiguration.corsSource(List.of()).getCorsConfiguration(api)).isNull();
		assertThatThrownBy(() -> SecurityConfiguration.corsSource(List.of("https://app.example.com/path")))
			.hasMessageContaining("HITL_CORS_ALLOWED_ORIGINS");
		assertThatThrownBy(() -> SecurityConfiguration.corsSource(List.of("app.example.com")))
			.hasMessageContaining("HITL_CORS_ALLOWED_ORIGINS");
	}

	private HttpResponse<String> raw(String path, String forwardedProto) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (forwardedProto != null) {
			request.header("X-Forwarded-Proto", forwardedProto);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
