package dev.hitl.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hitl.ApiTestSupport;
import dev.hitl.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A forged {@code Host} header never makes it into a redirect: the portal's sign-in,
 * return to the page first asked for, and sign-out, Spring Security's entry point, the
 * Camunda webapps and the API docs all redirect to paths on the site the browser is on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ForgedHostTests extends ApiTestSupport {

	private static final String EVIL = "evil.example:666";

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final List<String> locations = new ArrayList<>();

	@Test
	void redirectsStayOnTheSiteWhateverTheHostHeaderSays() {
		RawHttp http = new RawHttp(this.port);
		for (String path : List.of("/", "/dashboard", "/history", "/admin/api-keys", "/camunda", "/camunda/",
				"/camunda/app", "/camunda/app/", "/camunda/app/tasklist", "/camunda/app/tasklist/default",
				"/camunda/app/cockpit/", "/api/v1/docs", "/api/v1/docs/")) {
			record(http.send("GET", path, null, "Host", EVIL));
		}
		// Sign in after being sent to the login page from another page, then sign out.
		RawHttp.Response asked = http.send("GET", "/history", null, "Host", EVIL);
		record(asked);
		String cookie = cookie(asked);
		RawHttp.Response login = http.send("GET", "/login", null, "Host", EVIL, "Cookie", cookie);
		Matcher token = CSRF.matcher(login.body());
		assertThat(token.find()).as(login.body()).isTrue();
		String form = "username=" + ADMIN + "&password=" + URLEncoder.encode(ADMIN_PASSWORD, StandardCharsets.UTF_8)
				+ "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
		RawHttp.Response signedIn = http.send("POST", "/login", form.getBytes(StandardCharsets.UTF_8), "Host", EVIL,
				"Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded");
		record(signedIn);
		assertThat(signedIn.headers().get("location")).isEqualTo("/history");
		String session = cookie(signedIn).isEmpty() ? cookie : cookie(signedIn);
		RawHttp.Response page = http.send("GET", "/history", null, "Host", EVIL, "Cookie", session);
		Matcher logoutToken = CSRF.matcher(page.body());
		assertThat(logoutToken.find()).isTrue();
		record(http.send("POST", "/logout",
				("_csrf=" + URLEncoder.encode(logoutToken.group(1), StandardCharsets.UTF_8))
					.getBytes(StandardCharsets.UTF_8),
				"Host", EVIL, "Cookie", session, "Content-Type", "application/x-www-form-urlencoded"));

		System.out.println("Redirects with a forged Host header: " + this.locations);
		assertThat(this.locations).hasSizeGreaterThanOrEqualTo(10);
		assertThat(this.locations).noneMatch((location) -> location.contains("evil.example"));
		assertThat(this.locations).allMatch((location) -> location.startsWith("/"));
	}

	private void record(RawHttp.Response response) {
		if (response.status() >= 300 && response.status() < 400) {
			this.locations.add(response.headers().get("location"));
		}
	}

	private static String cookie(RawHttp.Response response) {
		String setCookie = response.headers().getOrDefault("set-cookie", "");
		Matcher session = Pattern.compile("SESSION=([^;]+)").matcher(setCookie);
		return session.find() ? "SESSION=" + session.group(1) : "";
	}

}
